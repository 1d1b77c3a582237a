import InboxBotCLI
import NIOCore
import NIOPosix

// Tasks run on NIO's event loops, where the webhook server and the platform clients do their
// I/O, instead of being handed between those loops and Swift's own pool: a fifth fewer
// context switches for the worker, and in ordinary sittings about a tenth less CPU per event
// (docs/performance.md).
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await InboxBotCommand.runAsync()
