using Hbd.Server.Config;
using Hbd.Server.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Dns;

/// <summary>Registers dynamic DNS: the state always (the API and /metrics read it), the updater only when hosts are listed.</summary>
public static class DnsSetup
{
    public static void AddDynamicDns(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(new DnsStates(options.Dns));
        if (!options.Dns.Enabled)
            return;
        services.AddSingleton(sp => new DnsUpdater(options.Dns, sp.GetRequiredService<DnsStates>(),
            sp.GetRequiredService<Commits.CommitFeed>(), sp.GetRequiredService<StoreWriter>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DnsUpdater>>()));
        services.AddHostedService(sp => sp.GetRequiredService<DnsUpdater>());
    }
}
