import Mustache

/// The console's pages as Mustache templates. `{{…}}` escapes what it prints (a message body
/// with `<script>` stays text); nothing the platform or a customer wrote goes through `{{{…}}}`.
/// Text from outside is in elements with `dir="auto"`, so Arabic reads right to left.
enum ConsoleTemplates {
    static let layoutTop = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · inboxbot</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        nav{background:#1d2430;padding:.6em 1em}nav a{color:#fff;margin-right:1.2em;text-decoration:none}
        main{padding:1em;max-width:70em;margin:auto}h1{font-size:1.4em}
        table{border-collapse:collapse;width:100%;background:#fff}td,th{padding:.35em .5em;border-bottom:1px solid #e3e6ea;text-align:start;vertical-align:top}
        .bad{color:#a11}.ok{color:#164}.muted{color:#667}.card{background:#fff;padding:.8em 1em;margin:.6em 0;border-radius:6px}
        pre{white-space:pre-wrap;word-break:break-word}
        @media (max-width:40em){td,th{display:block;border:0}tr{display:block;border-bottom:1px solid #e3e6ea}}
        </style></head><body>
        <nav><a href="/console">Now</a><a href="/console/activity">Activity</a><a href="/console/actions">Needs attention</a></nav>
        <main>
        """
    static let layoutBottom = "</main></body></html>\n"

    static let now = """
        {{> top}}
        <h1>Now</h1>
        <div class="card">
        {{#ready}}<p class="ok">Ready: taking events from {{platform}}{{#dryRun}} (dry run: deciding, never acting){{/dryRun}}.</p>{{/ready}}
        {{^ready}}<p class="bad">Not ready:</p><ul>{{#reasons}}<li dir="auto">{{.}}</li>{{/reasons}}</ul>{{/ready}}
        <p>Rules: {{ruleCount}} rules, version <code>{{version}}</code>{{#loadedAt}}, loaded {{loadedAt}}{{/loadedAt}}.</p>
        {{#rejected}}<p class="bad">The last change to the rules was refused; the rules above stay in force:</p>
        <pre dir="auto">{{#rejection}}{{.}}
        {{/rejection}}</pre>{{/rejected}}
        </div>
        <div class="card">
        <p>Inbox: {{pendingEvents}} event(s) waiting{{#lag}}, the oldest for {{lag}}{{/lag}}.</p>
        <p>Actions: {{#actionStates}}{{count}} {{state}}{{^last}}, {{/last}}{{/actionStates}}.</p>
        <p>Timers: {{timersArmed}} armed{{#nextTimer}}; the next due {{nextTimer}}{{/nextTimer}}.</p>
        </div>
        <h2>Recent activity</h2>
        <table><tr><th>time</th><th>conversation</th><th>rule</th><th>what</th></tr>
        {{#activity}}{{> activityRow}}{{/activity}}</table>
        {{> bottom}}
        """

    static let activityRow = """
        <tr><td>{{time}}</td><td>{{#conversation}}<a href="{{link}}" dir="auto">{{conversation}}</a>{{/conversation}}</td><td>{{rule}}</td>\
        <td dir="auto">{{kind}}: {{message}}{{#explanation}} <a href="{{explanation}}">why</a>{{/explanation}}</td></tr>

        """

    /// Polled: the page is sent with `Refresh: 5`, so it reloads itself (no script), keeping its filters.
    static let activity = """
        {{> top}}
        <h1>Activity</h1>
        <form method="get" action="/console/activity" class="card">
        <label>rule <input name="rule" value="{{rule}}"></label>
        <label>conversation <input name="conversation" value="{{conversation}}" dir="auto"></label>
        <label>what <select name="kind"><option value="">all</option>{{#kinds}}<option{{#selected}} selected{{/selected}}>{{kind}}</option>{{/kinds}}</select></label>
        <button>Filter</button> <span class="muted">{{shown}} shown, newest first; it refreshes every 5 s</span>
        </form>
        <table><tr><th>time</th><th>conversation</th><th>rule</th><th>what</th></tr>
        {{#rows}}{{> activityRow}}{{/rows}}</table>
        {{> bottom}}
        """

    static let explanation = """
        {{> top}}
        <h1>Why</h1>
        {{#found}}<p>What the rules in force (version <code>{{version}}</code>) make of this event now, each condition with the value it saw,
        as <code>inboxbot explain --event</code> prints it. In <a href="{{link}}" dir="auto">{{conversation}}</a>.</p>
        <pre dir="auto">{{#lines}}{{.}}
        {{/lines}}</pre>{{/found}}
        {{^found}}<p class="muted" dir="auto">The store no longer holds event {{event}} (retention removed it, or it was a timer's).</p>{{/found}}
        {{> bottom}}
        """

    static let conversation = """
        {{> top}}
        <h1 dir="auto">Conversation {{id}}</h1>
        {{^records}}<p class="muted">Nothing recorded for this conversation.</p>{{/records}}
        <table><tr><th>time</th><th>what</th><th>rule</th><th>said</th><th>event</th></tr>
        {{#records}}<tr><td>{{time}}</td><td>{{kind}}</td><td>{{rule}}</td><td dir="auto">{{message}}</td><td class="muted">{{#explanation}}<a href="{{explanation}}">{{event}}</a>{{/explanation}}</td></tr>
        {{/records}}</table>
        {{> bottom}}
        """

    static let actions = """
        {{> top}}
        <h1>Needs attention</h1>
        {{#notice}}<p class="card" dir="auto">{{notice}}</p>{{/notice}}
        {{^entries}}<p class="muted">No dead-lettered or unknown actions.</p>{{/entries}}
        <table><tr><th>state</th><th>action</th><th>conversation</th><th>why</th><th></th></tr>
        {{#entries}}<tr><td class="bad">{{state}}</td><td dir="auto">{{summary}} <span class="muted">(rule {{rule}}, {{attempts}} attempt(s))</span></td>
        <td><a href="{{link}}" dir="auto">{{conversation}}</a></td><td dir="auto">{{detail}}</td>
        <td>{{#retryable}}{{#canRetry}}<form method="post" action="/console/actions/retry"><input type="hidden" name="key" value="{{key}}">
        <input type="password" name="token" placeholder="operator token" required> <button>Retry</button></form>{{/canRetry}}{{/retryable}}</td></tr>
        {{/entries}}</table>
        {{^canRetry}}<p class="muted">Retrying needs an operator token (INBOXBOT_CONSOLE_TOKEN); none is set, so this page only shows.</p>{{/canRetry}}
        {{> bottom}}
        """

    static func library() -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in [("top", layoutTop), ("bottom", layoutBottom), ("now", now), ("activityRow", activityRow), ("activity", activity),
                             ("explanation", explanation), ("conversation", conversation), ("actions", actions)] {
            // The templates are constants checked by the tests; one that did not parse would show as an empty page.
            try? library.register(text, named: name)
        }
        return library
    }
}
