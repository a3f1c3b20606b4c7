using Hbd.Server.Config;
using Hbd.Server.Hosts;
using Hbd.Server.Notify.Channels;
using Hbd.Server.Silences;
using Hbd.Server.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hbd.Server.Notify;

/// <summary>
/// Notifications in the server: the channels that are set up, the router the store writer decides with, and the sender.
/// Without a channel there is no router and no sender (and the outbox stays empty); the calls answer all the same.
/// </summary>
public static class NotifySetup
{
    /// <summary>Registers the notification services; call before the store writer is resolved.</summary>
    public static void AddNotifications(this IServiceCollection services, ServerOptions options)
    {
        var notify = options.Notify;
        services.AddSingleton(notify);
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each channel keeps its own per-attempt timeout
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("hbd/" + Api.StatusEndpoints.Version);
        var channels = Channels(notify, http);
        services.AddSingleton<IReadOnlyDictionary<string, INotificationChannel>>(channels);
        if (channels.Count == 0)
            return;
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton(sp =>
        {
            var registry = sp.GetRequiredService<HostRegistry>();
            return new NotificationRouter(notify, options.Classes, sp.GetRequiredService<ActiveSilences>(),
                host => registry.TryGet(host, out var entry) ? HostStates.Name(entry.State) : null);
        });
        services.AddSingleton(sp => new NotificationSender(sp.GetRequiredService<IStore>(), channels, notify,
            sp.GetRequiredService<NotificationSignal>(), sp.GetRequiredService<StoreWriter>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<NotificationSender>>()));
    }

    private static Dictionary<string, INotificationChannel> Channels(NotifyOptions notify, HttpClient http)
    {
        var channels = new Dictionary<string, INotificationChannel>(StringComparer.Ordinal);
        if (notify.Pushover is { } pushover)
            channels[ChannelNames.Pushover] = new PushoverChannel(pushover, http);
        if (notify.Mattermost is { } mattermost)
            channels[ChannelNames.Mattermost] = new MattermostChannel(mattermost, http);
        if (notify.Email is { } email)
            channels[ChannelNames.Email] = new EmailChannel(email);
        if (notify.Webhook is { } webhook)
            channels[ChannelNames.Webhook] = new WebhookChannel(webhook, http);
        return channels;
    }
}
