using Hbd.Server.Silences;
using Hbd.Server.Store;

namespace Hbd.Server.Tests.Store;

/// <summary>
/// What every store backend must do with silences: a backend's test class derives from this one and says how to open its
/// store; the SQLite one is <see cref="SqliteSilencesTests"/>.
/// </summary>
public abstract class SilenceStoreContractTests : IDisposable
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
    public async Task An_added_silence_gets_an_id_and_reads_back_as_it_was_answered()
    {
        var (added, isNew) = await Store.AddSilenceAsync(Silence(["web*", "db1"], T0.AddHours(2), "kernel upgrade"), T0);

        Assert.True(isNew);
        Assert.True(added.Id > 0);
        var read = Assert.Single(await Store.QuerySilencesAsync(T0, includeExpired: false));
        Assert.Equal((added.Id, added.Until, added.Comment, added.CreatedAt, added.CreatedBy), (read.Id, read.Until, read.Comment, read.CreatedAt, read.CreatedBy));
        Assert.Equal(["web*", "db1"], read.Hosts);
    }

    [Fact]
    public async Task The_same_silence_while_one_is_active_is_not_added_again()
    {
        var (first, _) = await Store.AddSilenceAsync(Silence(["web*", "db1"], T0.AddHours(2), "x"), T0);

        var (same, added) = await Store.AddSilenceAsync(Silence(["DB1", "web*"], T0.AddHours(2), "x"), T0.AddMinutes(1));

        Assert.False(added);
        Assert.Equal(first.Id, same.Id);
        Assert.Single(await Store.QuerySilencesAsync(T0, includeExpired: true));
    }

    [Theory]
    [InlineData("other patterns")]
    [InlineData("other end")]
    [InlineData("other comment")]
    [InlineData("first one expired")]
    public async Task A_silence_that_differs_or_follows_an_expired_one_is_added(string difference)
    {
        await Store.AddSilenceAsync(Silence(["web*"], T0.AddHours(2), "x"), T0);
        var (next, now) = difference switch
        {
            "other patterns" => (Silence(["web*", "db1"], T0.AddHours(2), "x"), T0),
            "other end" => (Silence(["web*"], T0.AddHours(3), "x"), T0),
            "other comment" => (Silence(["web*"], T0.AddHours(2), null), T0),
            _ => (Silence(["web*"], T0.AddHours(2), "x"), T0.AddHours(2)),
        };

        var (_, added) = await Store.AddSilenceAsync(next, now);

        Assert.True(added);
    }

    [Fact]
    public async Task Listing_gives_active_silences_newest_first_and_expired_ones_only_when_asked()
    {
        var (ended, _) = await Store.AddSilenceAsync(Silence(["a"], T0.AddMinutes(5)), T0);
        var (older, _) = await Store.AddSilenceAsync(Silence(["b"], T0.AddHours(1)), T0);
        var (newer, _) = await Store.AddSilenceAsync(Silence(["c"], T0.AddHours(1)), T0);

        var active = await Store.QuerySilencesAsync(T0.AddMinutes(5), includeExpired: false);
        var all = await Store.QuerySilencesAsync(T0.AddMinutes(5), includeExpired: true);

        Assert.Equal([newer.Id, older.Id], active.Select(s => s.Id));
        Assert.Equal([newer.Id, older.Id, ended.Id], all.Select(s => s.Id));
    }

    [Fact]
    public async Task Removing_gives_the_silence_once_then_null()
    {
        var (silence, _) = await Store.AddSilenceAsync(Silence(["a"], T0.AddHours(1)), T0);

        var removed = await Store.RemoveSilenceAsync(silence.Id);
        var again = await Store.RemoveSilenceAsync(silence.Id);

        Assert.Equal(silence.Id, removed?.Id);
        Assert.Null(again);
        Assert.Empty(await Store.QuerySilencesAsync(T0, includeExpired: true));
    }

    [Fact]
    public async Task Noted_silences_are_no_longer_loaded_and_are_pruned_once_ended_before_the_cut()
    {
        var (ended, _) = await Store.AddSilenceAsync(Silence(["a"], T0.AddMinutes(5)), T0);
        var (endedLater, _) = await Store.AddSilenceAsync(Silence(["b"], T0.AddMinutes(50)), T0);
        var (unnoted, _) = await Store.AddSilenceAsync(Silence(["c"], T0.AddMinutes(6)), T0);

        Store.NoteSilencesExpired([ended.Id, endedLater.Id]);
        var pruned = Store.PruneSilences(before: T0.AddMinutes(30));

        Assert.Equal([unnoted.Id], Store.LoadUnnotedSilences().Select(s => s.Id));
        Assert.Equal(1, pruned);
        Assert.Equal([unnoted.Id, endedLater.Id], (await Store.QuerySilencesAsync(T0, includeExpired: true)).Select(s => s.Id));
    }

    private protected static Silence Silence(string[] hosts, DateTimeOffset until, string? comment = null) =>
        new(0, hosts, until, comment, T0, "127.0.0.1");
}
