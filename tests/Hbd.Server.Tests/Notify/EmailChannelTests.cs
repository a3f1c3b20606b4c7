using System.Net;
using System.Net.Sockets;
using Hbd.Server.Notify;
using Hbd.Server.Notify.Channels;
using MimeKit;

namespace Hbd.Server.Tests.Notify;

/// <summary>The e-mail channel against a real SMTP server (aiosmtpd), reading what it delivered.</summary>
public sealed class EmailChannelTests
{
    private static readonly string[] Recipients = ["ops@example.org", "On Call <oncall@example.org>"];

    private static EmailChannel Channel(SmtpStandIn server, SmtpTls tls, bool trust = true, string[]? to = null, string? user = null) =>
        new(new EmailSettings("127.0.0.1", server.Port, tls, user, user is null ? null : "wrong", "hbd <hbd@example.org>", to ?? Recipients),
            trustedRoot: trust ? server.Certificate : null);

    private static Notification Note() => Notes.Down() with
    {
        Title = "web<1> & db are down",
        Text = "No heartbeat since 21:41:17.\nLast message: <script>alert(\"x\")</script> ünïcode",
    };

    [Fact]
    public async Task A_message_has_the_headers_and_both_parts()
    {
        using var server = await SmtpStandIn.StartAsync(SmtpServerTls.None);

        var outcome = await Channel(server, SmtpTls.None).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.StartsWith("SMTP 250: ", outcome.Detail, StringComparison.Ordinal);
        var mail = Assert.Single(server.Messages());
        Assert.Equal("\"hbd\" <hbd@example.org>", mail.From.ToString());
        Assert.Equal(["ops@example.org", "oncall@example.org"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("ops@example.org, oncall@example.org", mail.Headers["X-RcptTo"]);
        Assert.Equal("[hbd] web<1> & db are down", mail.Subject);
        Assert.Equal("outbox-42.1@hbd", mail.MessageId);
        Assert.Equal(Notes.Time.AddTicks(-(Notes.Time.Ticks % TimeSpan.TicksPerSecond)), mail.Date);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("web<1> & db are down\n\n" + Note().Text + "\n\nhttps://hbd.example.org/hosts/web1\n", mail.TextBody?.ReplaceLineEndings("\n"));
        var html = mail.HtmlBody ?? "";
        Assert.Contains("<p><strong>web&lt;1&gt; &amp; db are down</strong></p>", html, StringComparison.Ordinal);
        Assert.Contains("No heartbeat since 21:41:17.<br>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#252;n&#239;code", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://hbd.example.org/hosts/web1\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_messages_have_message_ids_of_their_own()
    {
        using var server = await SmtpStandIn.StartAsync(SmtpServerTls.None);
        var test = new Notification { Event = "test", Time = Notes.Time, Title = "hbd test", Text = "It works." };
        var channel = Channel(server, SmtpTls.None);

        Assert.Equal(SendStatus.Sent, (await channel.SendAsync(test, CancellationToken.None)).Status);
        Assert.Equal(SendStatus.Sent, (await channel.SendAsync(test, CancellationToken.None)).Status);

        var ids = server.Messages().Select(m => m.MessageId).ToList();
        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.Matches("^test-[0-9a-f]{32}@hbd$", id));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task StartTls_with_the_servers_certificate_trusted_delivers()
    {
        using var server = await SmtpStandIn.StartAsync(SmtpServerTls.StartTls);

        var outcome = await Channel(server, SmtpTls.StartTls).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Equal("outbox-42.1@hbd", Assert.Single(server.Messages()).MessageId);
    }

    [Fact]
    public async Task Implicit_tls_with_the_servers_certificate_trusted_delivers()
    {
        using var server = await SmtpStandIn.StartAsync(SmtpServerTls.Implicit);

        var outcome = await Channel(server, SmtpTls.Tls).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Sent, outcome.Status);
        Assert.Single(server.Messages());
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused()
    {
        using var server = await SmtpStandIn.StartAsync(SmtpServerTls.StartTls);

        var outcome = await Channel(server, SmtpTls.StartTls, trust: false).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.StartsWith("TLS failed: ", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Plain_text_to_a_server_that_requires_tls_is_permanent()
    {
        using var server = await SmtpStandIn.StartAsync(SmtpServerTls.StartTls);

        var outcome = await Channel(server, SmtpTls.None).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.Equal("SMTP 530 (authentication or TLS required): Must issue a STARTTLS command first", outcome.Detail);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task Failed_authentication_is_permanent()
    {
        using var server = await SmtpStandIn.StartAsync(SmtpServerTls.StartTls);

        var outcome = await Channel(server, SmtpTls.StartTls, user: "hbd").SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.StartsWith("authentication failed: ", outcome.Detail, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task A_refused_recipient_is_permanent()
    {
        using var server = await SmtpStandIn.StartAsync(SmtpServerTls.None);

        var outcome = await Channel(server, SmtpTls.None, to: ["refused@example.org"]).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.Equal("SMTP 550 (recipient refused@example.org refused): 5.1.1 <refused@example.org>: Recipient address rejected: User unknown", outcome.Detail);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task A_4xx_reply_is_transient()
    {
        using var server = await SmtpStandIn.StartAsync(SmtpServerTls.None);

        var outcome = await Channel(server, SmtpTls.None, to: ["later@example.org"]).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.StartsWith("SMTP 451 (recipient later@example.org refused): ", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var settings = new EmailSettings("127.0.0.1", FreeTcpPorts.Take(1)[0], SmtpTls.None, null, null, "hbd@example.org", ["ops@example.org"]);

        var outcome = await new EmailChannel(settings).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.StartsWith("connection failed: ConnectionRefused", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_greets_is_transient()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var settings = new EmailSettings("127.0.0.1", port, SmtpTls.None, null, null, "hbd@example.org", ["ops@example.org"]);

        var outcome = await new EmailChannel(settings, timeout: TimeSpan.FromMilliseconds(500)).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Transient, outcome.Status);
        Assert.Equal("no answer within 0.5 s", outcome.Detail);
    }

    [Fact]
    public async Task An_address_that_does_not_parse_is_permanent()
    {
        var settings = new EmailSettings("127.0.0.1", 25, SmtpTls.None, null, null, "hbd@example.org", ["not an address <"]);

        var outcome = await new EmailChannel(settings).SendAsync(Note(), CancellationToken.None);

        Assert.Equal(SendStatus.Permanent, outcome.Status);
        Assert.StartsWith("not an e-mail address", outcome.Detail, StringComparison.Ordinal);
    }
}
