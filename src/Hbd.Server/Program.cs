using Hbd.Server.Cli;

return ServerCommandLine.Run(args);
