using System.Net;
using System.Net.Sockets;
using Hbd.Client.Sending;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Client.Tests.Sending;

public sealed class ServerTargetTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _lookups = [];
    private int _pendingLookups;

    /// <summary>A resolver that answers from <paramref name="answers"/> in turn: addresses, or null for "no such host".</summary>
    private ServerTarget Target(params IPAddress[]?[] answers)
    {
        var next = 0;
        return new ServerTarget(new ServerAddress("mon.example.net", 50003), _time, (name, _) =>
        {
            _lookups.Add(name);
            var answer = answers[Math.Min(next++, answers.Length - 1)];
            return answer is null
                ? Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound))
                : Task.FromResult(answer);
        });
    }

    /// <summary>A resolver whose every lookup waits for <paramref name="answer"/>.</summary>
    private ServerTarget Pending(TaskCompletionSource<IPAddress[]> answer) =>
        new(new ServerAddress("mon.example.net", 50003), _time, (_, _) =>
        {
            _pendingLookups++;
            return answer.Task;
        });

    [Fact]
    public void A_name_that_does_not_resolve_yet_is_tried_again_after_the_retry_delay_and_then_used()
    {
        var target = Target(null, [IPAddress.Parse("127.0.0.7")]);

        target.RefreshIfDue();
        Assert.Null(target.Endpoint);
        Assert.Equal(new SocketException((int)SocketError.HostNotFound).Message, target.LastError);

        _time.Advance(ServerTarget.RetryFailedAfter - TimeSpan.FromSeconds(1));
        target.RefreshIfDue();
        Assert.Single(_lookups); // not yet: a dead DNS is not asked every beat

        _time.Advance(TimeSpan.FromSeconds(1));
        target.RefreshIfDue();
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.7"), 50003), target.Endpoint);
        Assert.Null(target.LastError);
        Assert.Equal(2, _lookups.Count);
    }

    [Fact]
    public void A_resolved_name_is_looked_up_again_every_five_minutes_and_follows_a_move()
    {
        var target = Target([IPAddress.Parse("127.0.0.7")], [IPAddress.Parse("127.0.0.8")]);
        target.RefreshIfDue();

        _time.Advance(ServerTarget.RefreshEvery - TimeSpan.FromSeconds(1));
        target.RefreshIfDue();
        Assert.Equal(IPAddress.Parse("127.0.0.7"), target.Endpoint!.Address);

        _time.Advance(TimeSpan.FromSeconds(1));
        target.RefreshIfDue();
        Assert.Equal(IPAddress.Parse("127.0.0.8"), target.Endpoint!.Address);
        Assert.Equal(2, _lookups.Count);
    }

    [Fact]
    public void A_failed_lookup_keeps_the_last_good_address()
    {
        var target = Target([IPAddress.Parse("127.0.0.7")], null);
        target.RefreshIfDue();

        _time.Advance(ServerTarget.RefreshEvery);
        target.RefreshIfDue();

        Assert.Equal(IPAddress.Parse("127.0.0.7"), target.Endpoint!.Address);
        Assert.NotNull(target.LastError);
    }

    [Fact]
    public void A_lookup_that_hangs_holds_nothing_and_is_not_started_twice()
    {
        var hung = new TaskCompletionSource<IPAddress[]>();
        var target = Pending(hung);

        target.RefreshIfDue(); // returns at once, the lookup runs on
        _time.Advance(TimeSpan.FromMinutes(10));
        target.RefreshIfDue();

        Assert.Null(target.Endpoint);
        Assert.Equal(1, _pendingLookups);
        hung.SetResult([IPAddress.Parse("127.0.0.9")]);
        Assert.True(SpinWait.SpinUntil(() => target.Endpoint is not null, TimeSpan.FromSeconds(5)));
        Assert.Equal(IPAddress.Parse("127.0.0.9"), target.Endpoint!.Address);
    }

    [Fact]
    public async Task Waiting_for_a_lookup_that_hangs_ends_at_the_deadline_and_the_first_beat_joins_it()
    {
        var hung = new TaskCompletionSource<IPAddress[]>();
        var target = Pending(hung);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await target.ResolveNowAsync(deadline.Token); // returns, does not throw
        _time.Advance(ServerTarget.RetryFailedAfter); // due again, but the first lookup still runs
        target.RefreshIfDue();

        Assert.Null(target.Endpoint);
        Assert.Equal(1, _pendingLookups);
    }

    [Fact]
    public async Task A_one_shot_run_joins_the_lookup_a_beat_started()
    {
        var answer = new TaskCompletionSource<IPAddress[]>();
        var target = Pending(answer);
        target.RefreshIfDue();

        var waiting = target.ResolveNowAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        answer.SetResult([IPAddress.Parse("127.0.0.7")]);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, _pendingLookups);
        Assert.Equal(IPAddress.Parse("127.0.0.7"), target.Endpoint!.Address);
    }

    [Fact]
    public async Task The_first_beat_after_a_lookup_does_not_look_up_again()
    {
        var target = Target([IPAddress.Parse("127.0.0.7")]);

        await target.ResolveNowAsync(CancellationToken.None);
        target.RefreshIfDue();

        Assert.Single(_lookups);
        Assert.Equal(IPAddress.Parse("127.0.0.7"), target.Endpoint!.Address);
    }

    [Fact]
    public void Ipv4_is_chosen_when_a_name_has_both_families()
    {
        var target = Target([IPAddress.IPv6Loopback, IPAddress.Parse("127.0.0.7")]);

        target.RefreshIfDue();

        Assert.Equal(IPAddress.Parse("127.0.0.7"), target.Endpoint!.Address);
    }

    [Fact]
    public void A_literal_address_is_never_looked_up()
    {
        var target = new ServerTarget(new ServerAddress("127.0.0.1", 50003), _time, (_, _) => throw new InvalidOperationException("looked up"));

        target.RefreshIfDue();

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 50003), target.Endpoint);
    }
}
