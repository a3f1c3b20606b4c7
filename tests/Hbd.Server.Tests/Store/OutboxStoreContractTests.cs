using System.Collections.Concurrent;
using Hbd.Server.Journal;
using Hbd.Server.Notify;
using Hbd.Server.Store;

namespace Hbd.Server.Tests.Store;

/// <summary>
/// What every store backend must do with the notification outbox: written with the journal in one transaction, claimed by
/// one sender at a time, completed once. A backend's test class derives from this one; the SQLite one is
/// <see cref="SqliteOutboxTests"/>.
/// </summary>
public abstract class OutboxStoreContractTests : IDisposable
{
    private protected static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, 123, TimeSpan.Zero);

    private IStore? _opened;

    private protected TempDataDir Dir { get; } = new();

    private protected IStore Store => _opened ??= OpenStore();

    private protected abstract IStore OpenStore();

    public void Dispose()
    {
        _opened?.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Rows_written_with_their_journal_entries_get_the_entries_ids()
    {
        var earlier = Store.Write(Journal(Entry(T0.AddMinutes(-5), "db1"))).Single();

        var written = Store.Write(Journal(Entry(T0, "web1"), Entry(T0, "web2")) with
        {
            Now = T0.AddSeconds(1),
            Outbox =
            [
                new OutboxRequest(1, 0, "mail", 0, Message("web2")),
                new OutboxRequest(0, 0, "mail", 0, Message("web1")),
                new OutboxRequest(-1, earlier.Id, "ntfy", 3, Message("db1", repeat: 3)),
            ],
        });

        var rows = await Rows();
        Assert.Equal([written[1].Id, written[0].Id, earlier.Id], rows.OrderBy(r => r.Id).Select(r => r.JournalId));
        Assert.All(rows, r => Assert.Equal((r.Id, r.JournalId), (r.Message.OutboxId, r.Message.JournalId)));
        Assert.All(rows, r => Assert.Equal((T0.AddSeconds(1), T0.AddSeconds(1), 0, (DateTimeOffset?)null), (r.CreatedAt, r.NextAttemptAt, r.Attempts, r.ClaimedAt)));
        var reminder = rows.Single(r => r.Channel == "ntfy");
        Assert.Equal((3, "db1"), (reminder.Repeat, reminder.Message.Host));
    }

    [Fact]
    public async Task Without_a_time_rows_are_made_at_the_newest_entry_of_the_batch()
    {
        Store.Write(Journal(Entry(T0, "web1"), Entry(T0.AddSeconds(7), "web1")) with { Outbox = [new OutboxRequest(0, 0, "mail", 0, Message("web1"))] });

        var row = Assert.Single(await Rows());
        Assert.Equal((T0.AddSeconds(7), T0.AddSeconds(7)), (row.CreatedAt, row.NextAttemptAt));
    }

    [Fact]
    public async Task A_failed_batch_writes_neither_its_journal_entries_nor_its_outbox_rows()
    {
        // The second request names an entry the batch does not have: the write fails after the journal insert.
        var batch = Journal(Entry(T0, "web1")) with
        {
            Now = T0,
            Outbox = [new OutboxRequest(0, 0, "mail", 0, Message("web1")), new OutboxRequest(5, 0, "mail", 0, Message("web1"))],
        };

        Assert.ThrowsAny<Exception>(() => Store.Write(batch));

        Assert.Empty(Store.QueryJournal(new JournalQuery()));
        Assert.Empty(await Rows());
        // And the store writes on.
        Store.Write(batch with { Outbox = [batch.Outbox[0]] });
        Assert.Single(Store.QueryJournal(new JournalQuery()));
        Assert.Single(await Rows());
    }

    [Fact]
    public async Task The_same_decision_twice_is_one_row()
    {
        var entry = Store.Write(Journal(Entry(T0, "web1"))).Single();
        var request = new OutboxRequest(-1, entry.Id, "mail", 1, Message("web1", title: "first"));

        Store.Write(Reminders(T0, request, request with { Message = Message("web1", title: "second") }));
        Store.Write(Reminders(T0.AddMinutes(1), request with { Message = Message("web1", title: "third") }));
        Store.Write(Reminders(T0.AddMinutes(1), request with { Repeat = 2 }, request with { Channel = "ntfy" }));

        var rows = await Rows();
        Assert.Equal(3, rows.Count);
        var first = rows.Single(r => r.Channel == "mail" && r.Repeat == 1);
        Assert.Equal(("first", T0), (first.Message.Title, first.CreatedAt));
    }

    [Fact]
    public void Claim_takes_due_pending_rows_in_order_at_most_max_and_starts_an_attempt()
    {
        var late = Add(T0.AddMinutes(3), "late");
        var second = Add(T0.AddMinutes(2), "second");
        var first = Add(T0.AddMinutes(1), "first");
        var alsoSecond = Add(T0.AddMinutes(2), "also second");
        var future = Add(T0.AddMinutes(10), "future");
        var sent = Add(T0, "sent");
        var givenUp = Add(T0, "given up");
        Assert.Equal([sent, givenUp], Store.ClaimDue(T0, T0, max: 10).Select(r => r.Id));
        Assert.True(Store.Complete(sent, 1, Claimed(sent), sent: true, null) && Store.Complete(givenUp, 1, Claimed(givenUp), sent: false, null));

        var claimed = Store.ClaimDue(T0.AddMinutes(5), T0, max: 3);

        Assert.Equal([first, second, alsoSecond], claimed.Select(r => r.Id));
        Assert.All(claimed, r => Assert.Equal((1, (DateTimeOffset?)T0.AddMinutes(5)), (r.Attempts, r.ClaimedAt)));
        Assert.Equal([late], Store.ClaimDue(T0.AddMinutes(5), T0, max: 3).Select(r => r.Id));
        Assert.Empty(Store.ClaimDue(T0.AddMinutes(5), T0, max: 3));
        Assert.Equal([future], Store.ClaimDue(T0.AddMinutes(10), T0, max: 3).Select(r => r.Id));
    }

    [Fact]
    public void A_claim_is_taken_again_only_when_stale()
    {
        var id = Add(T0, "web1");
        Store.ClaimDue(T0, T0.AddMinutes(-5), max: 10);

        Assert.Empty(Store.ClaimDue(T0.AddMinutes(1), staleClaimBefore: T0, max: 10));
        var again = Assert.Single(Store.ClaimDue(T0.AddMinutes(6), staleClaimBefore: T0.AddMinutes(1), max: 10));

        Assert.Equal((id, 2, (DateTimeOffset?)T0.AddMinutes(6)), (again.Id, again.Attempts, again.ClaimedAt));
    }

    [Fact]
    public async Task Two_senders_claiming_at_once_never_get_the_same_row()
    {
        const int Many = 300;
        var entry = Store.Write(Journal(Entry(T0, "web1"))).Single();
        Store.Write(Reminders(T0, [.. Enumerable.Range(0, Many).Select(i => new OutboxRequest(-1, entry.Id, $"channel{i}", 0, Message("web1")))]));
        var taken = new ConcurrentBag<(int Sender, long Id)>();
        using var start = new Barrier(2);

        await Task.WhenAll(Enumerable.Range(0, 2).Select(sender => Task.Run(() =>
        {
            start.SignalAndWait();
            while (Store.ClaimDue(T0.AddMinutes(1), T0, max: 4) is { Count: > 0 } claimed)
            {
                foreach (var row in claimed)
                    taken.Add((sender, row.Id));
            }
        })));

        Assert.Equal(Many, taken.Count);
        Assert.Equal(Many, taken.Select(t => t.Id).Distinct().Count());
        Assert.All(await Rows(), r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task A_sent_row_is_done_with_its_attempt_recorded()
    {
        var id = Add(T0, "web1");
        var row = Assert.Single(Store.ClaimDue(T0, T0, 10));

        Assert.True(Store.Complete(id, row.Attempts, new OutboxAttempt(id, 1, T0.AddSeconds(2), "sent", "250 OK"), sent: true, null));

        var entry = Assert.Single(await Store.QueryOutboxAsync(new OutboxQuery()));
        Assert.Equal(((DateTimeOffset?)T0.AddSeconds(2), (DateTimeOffset?)null, (DateTimeOffset?)null, (string?)null),
            (entry.Row.SentAt, entry.Row.GaveUpAt, entry.Row.ClaimedAt, entry.Row.LastError));
        Assert.Equal([new OutboxAttempt(id, 1, T0.AddSeconds(2), "sent", "250 OK")], entry.Attempts);
        Assert.Empty(Store.ClaimDue(T0.AddDays(1), T0.AddDays(1), 10));
        Assert.Null(Store.NextDue());
    }

    [Fact]
    public async Task A_rescheduled_row_is_due_again_at_its_next_attempt()
    {
        var id = Add(T0, "web1");
        Store.ClaimDue(T0, T0, 10);

        Assert.True(Store.Complete(id, 1, new OutboxAttempt(id, 1, T0.AddSeconds(1), "transient", "connection refused"), sent: false, T0.AddMinutes(1)));

        var row = (await Rows()).Single();
        Assert.Equal((T0.AddMinutes(1), (DateTimeOffset?)null, (DateTimeOffset?)null, (DateTimeOffset?)null, "connection refused"),
            (row.NextAttemptAt, row.ClaimedAt, row.SentAt, row.GaveUpAt, row.LastError));
        Assert.Empty(Store.ClaimDue(T0.AddSeconds(59), T0, 10));
        var again = Assert.Single(Store.ClaimDue(T0.AddMinutes(1), T0, 10));
        Assert.Equal(2, again.Attempts);
        Assert.True(Store.Complete(id, 2, new OutboxAttempt(id, 2, T0.AddMinutes(1), "sent", "ok"), sent: true, null));
        Assert.Equal([1, 2], (await Store.QueryOutboxAsync(new OutboxQuery())).Single().Attempts.Select(a => a.Attempt));
    }

    [Fact]
    public async Task A_row_given_up_is_done_with_its_error_kept()
    {
        var id = Add(T0, "web1");
        Store.ClaimDue(T0, T0, 10);

        Assert.True(Store.Complete(id, 1, new OutboxAttempt(id, 1, T0.AddSeconds(3), "permanent", "550 no such user"), sent: false, null));

        var row = (await Rows()).Single();
        Assert.Equal(((DateTimeOffset?)T0.AddSeconds(3), (DateTimeOffset?)null, "550 no such user"), (row.GaveUpAt, row.SentAt, row.LastError));
        Assert.Empty(Store.ClaimDue(T0.AddDays(1), T0.AddDays(1), 10));
    }

    [Fact]
    public async Task Completing_a_claim_that_is_not_held_does_nothing()
    {
        var id = Add(T0, "web1");
        Assert.False(Store.Complete(id, 0, Claimed(id), sent: true, null)); // never claimed
        Store.ClaimDue(T0, T0, 10);
        Store.ClaimDue(T0.AddMinutes(10), T0.AddMinutes(5), 10); // stale: taken over, attempt 2

        Assert.False(Store.Complete(id, 1, Claimed(id), sent: true, null)); // the first sender, late
        Assert.False(Store.Complete(id + 1, 2, Claimed(id), sent: true, null)); // no such row
        Assert.True(Store.Complete(id, 2, Claimed(id, 2), sent: false, T0.AddMinutes(20)));
        Assert.False(Store.Complete(id, 2, Claimed(id, 2), sent: true, null)); // rescheduled: that attempt has its result
        Store.ClaimDue(T0.AddMinutes(20), T0, 10);
        Assert.True(Store.Complete(id, 3, Claimed(id, 3), sent: true, null));
        Assert.False(Store.Complete(id, 3, Claimed(id, 3), sent: false, null)); // sent already

        var entry = Assert.Single(await Store.QueryOutboxAsync(new OutboxQuery()));
        Assert.Equal([2, 3], entry.Attempts.Select(a => a.Attempt));
        Assert.Equal((3, (DateTimeOffset?)null), (entry.Row.Attempts, entry.Row.GaveUpAt));
    }

    [Fact]
    public void Released_claims_are_claimed_again()
    {
        Add(T0, "web1");
        Add(T0, "web2");
        Add(T0, "web3");
        Store.ClaimDue(T0, T0, max: 2);

        Assert.Equal(2, Store.ReleaseClaims());

        Assert.Equal([2, 2, 1], Store.ClaimDue(T0.AddSeconds(1), T0, 10).Select(r => r.Attempts));
        Assert.Equal(3, Store.ReleaseClaims());
        Assert.Equal(0, Store.ReleaseClaims());
    }

    [Fact]
    public void Next_due_is_the_earliest_pending_unclaimed_row()
    {
        Assert.Null(Store.NextDue());
        var first = Add(T0.AddMinutes(1), "web1");
        Add(T0.AddMinutes(2), "web2");
        Add(T0.AddMinutes(4), "web3");
        Assert.Equal(T0.AddMinutes(1), Store.NextDue());

        Store.ClaimDue(T0.AddMinutes(1), T0, max: 1);
        Assert.Equal(T0.AddMinutes(2), Store.NextDue());
        Store.Complete(first, 1, Claimed(first), sent: false, T0.AddMinutes(3));
        Assert.Equal(T0.AddMinutes(2), Store.NextDue());
        Store.ClaimDue(T0.AddMinutes(3), T0, max: 2);
        Assert.Equal(T0.AddMinutes(4), Store.NextDue());
    }

    [Fact]
    public async Task Query_filters_by_status_host_and_channel_newest_first()
    {
        var sent = Add(T0, "web1", "mail");
        var givenUp = Add(T0, "WEB1", "ntfy");
        var pending = Add(T0, "web2", "mail");
        var claimed = Add(T0.AddMinutes(1), null, "mail");
        Store.ClaimDue(T0, T0, 2);
        Store.Complete(sent, 1, Claimed(sent), sent: true, null);
        Store.Complete(givenUp, 1, Claimed(givenUp), sent: false, null);
        Store.ClaimDue(T0.AddMinutes(1), T0, 1);

        async Task<IEnumerable<long>> Ids(OutboxQuery query) => (await Store.QueryOutboxAsync(query)).Select(e => e.Row.Id);

        Assert.Equal([claimed, pending, givenUp, sent], await Ids(new OutboxQuery()));
        Assert.Equal([claimed, pending], await Ids(new OutboxQuery(Status: OutboxQuery.Pending)));
        Assert.Equal([sent], await Ids(new OutboxQuery(Status: OutboxQuery.Sent)));
        Assert.Equal([givenUp], await Ids(new OutboxQuery(Status: OutboxQuery.GivenUp)));
        Assert.Equal([givenUp, sent], await Ids(new OutboxQuery(Host: "Web1")));
        Assert.Equal([claimed, pending, sent], await Ids(new OutboxQuery(Channel: "mail")));
        Assert.Equal([sent], await Ids(new OutboxQuery(Status: OutboxQuery.Sent, Host: "web1", Channel: "mail")));
        Assert.Empty(await Ids(new OutboxQuery(Status: OutboxQuery.Sent, Channel: "ntfy")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.QueryOutboxAsync(new OutboxQuery(Status: "lost")));
    }

    [Fact]
    public async Task Query_pages_by_id_and_holds_the_limit()
    {
        var entry = Store.Write(Journal(Entry(T0, "web1"))).Single();
        Store.Write(Reminders(T0, [.. Enumerable.Range(0, 10).Select(i => new OutboxRequest(-1, entry.Id, "mail", i, Message("web1", repeat: i)))]));

        var pages = new List<IReadOnlyList<OutboxEntry>>();
        long? before = null;
        while (await Store.QueryOutboxAsync(new OutboxQuery(BeforeId: before, Limit: 4)) is { Count: > 0 } page)
        {
            pages.Add(page);
            before = page[^1].Row.Id;
        }

        Assert.Equal([4, 4, 2], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 10).Reverse(), pages.SelectMany(p => p).Select(e => e.Row.Repeat));
        Assert.Single(await Store.QueryOutboxAsync(new OutboxQuery(Limit: 0)));
        Assert.Equal(10, (await Store.QueryOutboxAsync(new OutboxQuery(Limit: int.MaxValue))).Count);
    }

    [Fact]
    public async Task Prune_deletes_rows_done_before_the_cutoff_with_their_attempts()
    {
        var oldSent = Add(T0, "old sent");
        var oldGivenUp = Add(T0, "old given up");
        var recentSent = Add(T0, "recent sent");
        Store.ClaimDue(T0, T0, 3);
        Store.Complete(oldSent, 1, Claimed(oldSent, at: T0), sent: true, null);
        Store.Complete(oldGivenUp, 1, Claimed(oldGivenUp, at: T0), sent: false, null);
        Store.Complete(recentSent, 1, Claimed(recentSent, at: T0.AddDays(31)), sent: true, null);
        var oldPending = Add(T0.AddDays(-60), "old pending");

        Assert.Equal(2, Store.PruneOutbox(T0.AddDays(30)));

        var left = await Store.QueryOutboxAsync(new OutboxQuery());
        Assert.Equal([oldPending, recentSent], left.Select(e => e.Row.Id));
        Assert.Single(left[1].Attempts);
        Assert.Equal(0, Store.PruneOutbox(T0.AddDays(30)));
    }

    [Fact]
    public async Task The_message_round_trips_every_field()
    {
        var entry = Store.Write(Journal(Entry(T0, "web1"))).Single();
        var full = new Notification
        {
            OutboxId = 999, // replaced by the row's
            JournalId = 998, // replaced by the entry's
            Event = JournalKinds.HostDown,
            Host = "wéb-1.例え.test",
            State = "down",
            Level = "critical",
            Time = new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567),
            Title = "wéb-1 is down 🔥",
            Text = "since 12:00 \"quoted\"\nline two\t<b>&</b> \\ \u0000 end",
            Url = "https://hbd.example/hosts/w%C3%A9b-1?x=1&y=2",
            Repeat = 2,
        };
        var bare = new Notification { Event = JournalKinds.Message, Time = T0, Title = "", Text = "" };

        Store.Write(Reminders(T0, new OutboxRequest(-1, entry.Id, "mail", 2, full), new OutboxRequest(-1, entry.Id, "ntfy", 0, bare)));

        var rows = (await Rows()).ToDictionary(r => r.Channel);
        Assert.Equal(full with { OutboxId = rows["mail"].Id, JournalId = entry.Id }, rows["mail"].Message);
        Assert.Equal(full.Time.Offset, rows["mail"].Message.Time.Offset);
        Assert.Equal(full.Time.Ticks, rows["mail"].Message.Time.Ticks);
        Assert.Equal(bare with { OutboxId = rows["ntfy"].Id, JournalId = entry.Id }, rows["ntfy"].Message);
        Assert.Null(rows["ntfy"].Message.Host);
        Assert.Null(rows["ntfy"].Message.Url);
    }

    /// <summary>Writes one row for its own journal entry, due at <paramref name="due"/>; returns its id.</summary>
    private protected long Add(DateTimeOffset due, string? host, string channel = "mail")
    {
        var entry = Store.Write(Journal(Entry(due, host))).Single();
        Store.Write(Reminders(due, new OutboxRequest(-1, entry.Id, channel, 0, Message(host))));
        return Store.QueryOutboxAsync(new OutboxQuery(Limit: 1)).GetAwaiter().GetResult().Single().Row.Id;
    }

    private protected async Task<IReadOnlyList<OutboxRow>> Rows() =>
        [.. (await Store.QueryOutboxAsync(new OutboxQuery(Limit: OutboxQuery.MaxLimit))).Select(e => e.Row)];

    private protected static OutboxAttempt Claimed(long id, int attempt = 1, DateTimeOffset? at = null) =>
        new(id, attempt, at ?? T0, "transient", "test");

    private protected static Notification Message(string? host, string title = "title", int repeat = 0) => new()
    {
        Event = JournalKinds.HostDown,
        Host = host,
        State = "down",
        Level = "critical",
        Time = T0,
        Title = title,
        Text = "text",
        Repeat = repeat,
    };

    private protected static JournalEntry Entry(DateTimeOffset time, string? host) => new(0, time, host, JournalKinds.HostDown, "critical", "down");

    private protected static StoreBatch Journal(params JournalEntry[] entries) => new([], entries, []);

    private protected static StoreBatch Reminders(DateTimeOffset now, params OutboxRequest[] requests) => new([], [], []) { Now = now, Outbox = requests };
}
