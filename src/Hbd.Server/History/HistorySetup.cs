using Hbd.Server.Config;
using Hbd.Server.History.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.History;

/// <summary>Metric history in the server: its store beside hbd.db, the recorder fed by the committed stream, the reader for the API.</summary>
public static class HistorySetup
{
    public const string FileName = "history.db";

    /// <summary>The opened store, or null when <c>history_days</c> is 0 (history off: no file, no writer, no endpoint).</summary>
    public static IHistoryStore? Open(ServerOptions options)
    {
        if (options.HistoryDays == 0)
            return null;
        var store = new SqliteHistoryStore(Path.Combine(options.DataDir, FileName));
        store.Open();
        return store;
    }

    /// <summary>Registers the history's services; call before the store writer's, so the history sees its first commit.</summary>
    public static void AddHistory(this IServiceCollection services, IHistoryStore? store, ServerOptions options)
    {
        if (store is null)
            return;
        services.AddSingleton(store);
        services.AddSingleton(_ => new SeriesCatalog(store.LoadSeries()));
        services.AddSingleton(sp => new HistoryRecorder(store, sp.GetRequiredService<SeriesCatalog>(), new HistoryRetention(options.HistoryDays),
            sp.GetRequiredService<ILogger<HistoryRecorder>>()));
        services.AddSingleton<HistoryReader>();
        services.AddSingleton<HistoryService>();
        services.AddHostedService(sp => sp.GetRequiredService<HistoryService>());
    }
}
