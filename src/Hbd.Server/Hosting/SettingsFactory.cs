using Hbd.Server.Config;
using Hbd.Server.Hosts;
using Hbd.Server.Ingest;

namespace Hbd.Server.Hosting;

/// <summary>Turns parsed options into the pieces that are swapped on reload.</summary>
public static class SettingsFactory
{
    public static MonitorSettings Monitor(ServerOptions options) => new()
    {
        LateAfter = options.LateAfter,
        DownAfter = options.DownAfter,
        MaxClockSkew = options.MaxClockSkew,
        MaxHosts = options.MaxHosts,
        MaxNewHostsPerMinute = options.MaxNewHostsPerMinute,
        MaxMessagesPerMinute = options.MaxMessagesPerMinute,
        WatchHosts = options.WatchHosts,
        ClassOf = name => options.ClassFor(name) is { } c ? new HostClassSettings(c.Name, c.LateAfter, c.DownAfter, c.Notify ?? true) : null,
    };

    public static SigningKeys Keys(ServerOptions options) => new(options.Key, options.Keys, options.RequireSigned);
}
