import InboxBotCLI

InboxBotCommand.main()
