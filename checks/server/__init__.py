"""The warm path: the language server, the CLI daemon, and what they share."""
