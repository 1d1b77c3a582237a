import InboxBotCLI

await InboxBotCommand.runAsync()
