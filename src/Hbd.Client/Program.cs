using Hbd.Client.Cli;

return ClientCommandLine.Run(args);
