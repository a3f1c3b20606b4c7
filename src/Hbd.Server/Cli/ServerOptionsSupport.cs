using Hbd.Common.Config;
using Hbd.Server.Config;

namespace Hbd.Server.Cli;

/// <summary>Settings this build recognises but cannot serve yet; refused at start rather than ignored.</summary>
public static class ServerOptionsSupport
{
    public static void EnsureSupported(ServerOptions options)
    {
        if (options.Store != ServerOptions.StoreSqlite)
            throw options.Raw.ErrorAt("store", $"'{options.Store}' is not available in this build; use 'sqlite'");
    }
}
