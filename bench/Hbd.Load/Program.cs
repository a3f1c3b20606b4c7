using Hbd.Load;

return LoadCommandLine.Run(args);
