using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;
using Hbd.Server.Tests;
using Hbd.Server.Tests.Notify;

namespace Hbd.EndToEnd.Tests;

/// <summary>Notifications from a real hbd to stand-ins of Pushover, Mattermost and a webhook receiver, and a real SMTP server.</summary>
public sealed class NotificationTests : IDisposable
{
    private const string Host = "dur-host";
    private const string WebhookSecret = "e2e-secret";
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_host_down_while_every_channel_fails_and_hbd_is_killed_arrives_exactly_once_on_every_channel_after_the_restart()
    {
        await using var pushover = await PushoverStandIn.StartAsync();
        await using var mattermost = await MattermostStandIn.StartAsync();
        await using var webhook = await WebhookStandIn.StartAsync(WebhookSecret);
        var smtpPort = FreeTcpPorts.Take(1)[0]; // nothing listens there yet: every attempt is refused
        pushover.Mode = mattermost.Mode = webhook.Mode = StandInMode.ServerError;
        using var server = await ServerProcess.StartAsync(_dir, $"""
            late_after: 2s
            down_after: 3s
            pushsrv: {pushover.BaseUri}
            pushover_token: {PushoverStandIn.Token}
            pushover_user: {PushoverStandIn.User}
            mattermost_url: {mattermost.HookUri}
            webhook_url: {webhook.Url}
            webhook_secret: {WebhookSecret}
            smtpserver: 127.0.0.1
            smtpport: {smtpPort}
            smtp_tls: none
            mail_from: hbd@example.org
            mail_to: ops@example.org
            """);

        // The host beats, stops, and goes down while no channel can deliver.
        using (var client = ClientProcess.Start(_dir, "-i", "1", "-n", Host, server.Address))
        {
            await server.Eventually(async () => await server.Api.StateOfAsync(Host) == "up", $"{Host} up");
            Assert.Equal(0, await client.StopAsync());
        }
        await server.Eventually(async () => (await Notifications(server)).Count(n =>
            n.GetProperty("event").GetString() == "host_down" && n.GetProperty("attempts").GetInt32() >= 1) == 4,
            "a failed attempt of the host_down message on each of the 4 channels", TimeSpan.FromSeconds(30));
        Assert.All(await Notifications(server), n => Assert.Equal("pending", n.GetProperty("status").GetString()));

        // hbd dies without a chance to record anything more; the channels come back; hbd starts again.
        await server.KillAsync();
        var failedBefore = (pushover.Requests.Count, mattermost.Requests.Count, webhook.Requests.Count);
        pushover.Mode = mattermost.Mode = webhook.Mode = StandInMode.Normal;
        using var smtp = await SmtpStandIn.StartAsync(SmtpServerTls.None, smtpPort);
        await server.StartAsync();

        await server.Eventually(async () => (await Notifications(server)).Count(n => n.GetProperty("status").GetString() == "sent") == 4,
            "the host_down message sent on all 4 channels", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3)); // time for a second copy, if one were coming

        Assert.Equal(failedBefore.Item1 + 1, pushover.Requests.Count);
        Assert.Equal(failedBefore.Item2 + 1, mattermost.Requests.Count);
        Assert.Equal(failedBefore.Item3 + 1, webhook.Requests.Count);
        Assert.Empty(pushover.Problems.Concat(mattermost.Problems).Concat(webhook.Problems));
        Assert.Contains($"{Host} is down", PushoverStandIn.Form(pushover.Requests[^1])["title"], StringComparison.Ordinal);
        Assert.Contains($"{Host} is down", MattermostStandIn.Json(mattermost.Requests[^1]).GetProperty("text").GetString(), StringComparison.Ordinal);
        var hook = WebhookStandIn.Json(webhook.Requests[^1]);
        Assert.Equal(("host_down", Host), (hook.GetProperty("event").GetString(), hook.GetProperty("host").GetString()));
        var mail = Assert.Single(smtp.Messages());
        Assert.Equal($"[hbd] {Host} is down", mail.Subject);
        Assert.All(await Notifications(server), n => Assert.Equal("sent", n.GetProperty("status").GetString()));
        // hbd restarted with the host still down: nothing new to say about it.
        Assert.Equal(4, (await Notifications(server)).Count);
    }

    [Fact]
    public async Task A_test_message_goes_through_the_channel_and_an_unset_channel_is_404()
    {
        await using var webhook = await WebhookStandIn.StartAsync(null);
        using var server = await ServerProcess.StartAsync(_dir, $"webhook_url: {webhook.Url}\n");

        var sent = await server.Api.PostAsync("/api/notify/test?channel=webhook");
        var missing = await server.Api.PostAsync("/api/notify/test?channel=email");

        Assert.Equal(200, sent.Status);
        Assert.Equal("sent", sent.Body.GetProperty("result").GetString());
        Assert.Equal("test", WebhookStandIn.Json(Assert.Single(webhook.Requests)).GetProperty("event").GetString());
        Assert.Equal(404, missing.Status);
        Assert.Contains("set up: webhook", missing.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> Notifications(ServerProcess server) =>
        [.. (await server.Api.GetAsync($"/api/notifications?host={Host}")).EnumerateArray()];
}
