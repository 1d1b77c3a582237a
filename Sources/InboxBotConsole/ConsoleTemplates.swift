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
        <nav><a href="/console">Now</a><a href="/console/activity">Activity</a><a href="/console/actions">Needs attention</a><a href="/console/try">Try the rules</a></nav>
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
        <tr><td>{{time}}</td><td>{{#conversation}}<a href="{{link}}" dir="auto">{{conversation}}</a>{{/conversation}}</td><td>{{#rule}}<a href="{{ruleLink}}">{{rule}}</a>{{/rule}}</td>\
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

    static let rule = """
        {{> top}}
        {{#found}}<h1>Rule {{id}}</h1>
        <div class="card"><p dir="auto">{{description}}</p><p class="muted">{{place}}{{#policy}} · {{policy}}{{/policy}}</p>
        <pre dir="auto">{{text}}</pre></div>
        <h2>What it did</h2>
        <table><tr><th></th><th>last hour</th><th>last day</th></tr>
        {{#counts}}<tr><td>{{kind}}</td><td>{{hour}}</td><td>{{day}}</td></tr>{{/counts}}</table>
        <h2>Conversations it acted on</h2>
        <p class="muted">When it last acted on each, as once and cooldown count it.</p>
        <table><tr><th>conversation</th><th>last acted</th></tr>
        {{#ledger}}<tr><td><a href="{{link}}" dir="auto">{{conversation}}</a></td><td>{{lastActed}}</td></tr>{{/ledger}}</table>
        {{^ledger}}<p class="muted">{{ledgerNote}}</p>{{/ledger}}
        <h2>Its tests</h2>
        {{^tests}}<p class="muted">No rule test expects or took its actions; <code>inboxbot test</code> describes how to write one.</p>{{/tests}}
        <table>{{#tests}}<tr><td>{{#passed}}<span class="ok">PASS</span>{{/passed}}{{^passed}}<span class="bad">FAIL</span>{{/passed}}</td>\
        <td dir="auto">{{name}}</td><td class="muted">{{place}}</td></tr>{{/tests}}</table>
        <h2>Latest</h2>
        <table><tr><th>time</th><th>conversation</th><th>rule</th><th>what</th></tr>
        {{#activity}}{{> activityRow}}{{/activity}}</table>{{/found}}
        {{^found}}<h1>No rule {{id}}</h1><p>The rules in force are: {{#known}}<a href="/console/rule?id={{.}}">{{.}}</a> {{/known}}</p>{{/found}}
        {{> bottom}}
        """

    static let trial = """
        {{> top}}
        <h1>Try the rules</h1>
        <p>What every rule in force (version <code>{{version}}</code>) would make of a customer's message, or of an event in the form of
        docs/events.md, as if it came now. Nothing is carried out, and once and cooldown start empty.</p>
        <form method="post" action="/console/try" class="card">
        <p><label>A customer writes:<br><input name="say" value="{{say}}" dir="auto" style="width:100%"></label></p>
        <p><label>or an event (JSON):<br><textarea name="event" rows="5" style="width:100%" dir="auto">{{event}}</textarea></label></p>
        <button>Try</button></form>
        {{#problem}}<p class="bad" dir="auto">{{problem}}</p>{{/problem}}
        {{#tried}}{{^problem}}<pre dir="auto">{{#lines}}{{.}}
        {{/lines}}</pre>{{/problem}}{{/tried}}
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
        <h2>Timers armed</h2>
        {{^timers}}<p class="muted">None: no time-based rule waits on it now.</p>{{/timers}}
        <table>{{#timers}}<tr><td><a href="{{ruleLink}}">{{rule}}</a></td><td>{{kind}}</td><td>due {{dueAt}}</td><td class="muted">armed {{armedAt}}</td></tr>{{/timers}}</table>
        <h2>History</h2>
        {{^records}}<p class="muted">Nothing recorded for this conversation.</p>{{/records}}
        <table><tr><th>time</th><th>what</th><th>rule</th><th>said</th><th>event</th></tr>
        {{#records}}<tr><td>{{time}}</td><td>{{kind}}</td><td>{{#rule}}<a href="{{ruleLink}}">{{rule}}</a>{{/rule}}</td><td dir="auto">{{message}}</td><td class="muted">{{#explanation}}<a href="{{explanation}}">{{event}}</a>{{/explanation}}{{^explanation}}{{event}}{{/explanation}}</td></tr>
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
                             ("explanation", explanation), ("rule", rule), ("try", trial), ("conversation", conversation), ("actions", actions)] {
            // The templates are constants checked by the tests; one that did not parse would show as an empty page.
            try? library.register(text, named: name)
        }
        return library
    }
}
