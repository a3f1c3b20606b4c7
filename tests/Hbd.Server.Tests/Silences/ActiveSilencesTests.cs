using Hbd.Server.Silences;
using Hbd.Server.Store.Sqlite;
using Hbd.Server.Tests.Store;

namespace Hbd.Server.Tests.Silences;

/// <summary>Which hosts are silenced, and until when, from the silences the store holds.</summary>
public sealed class ActiveSilencesTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDataDir _dir = new();
    private readonly SqliteStore _store;

    public ActiveSilencesTests()
    {
        _store = new SqliteStore(_dir.File("hbd.db"));
        _store.Open();
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("web1", true)]
    [InlineData("WEB-frontend", true)]
    [InlineData("db1", true)]
    [InlineData("db10", false)]
    [InlineData("aweb1", false)]
    public async Task A_host_is_silenced_when_a_pattern_matches_its_whole_name_in_any_case(string host, bool silenced)
    {
        await Add(["web*", "db?"], T0.AddHours(2));
        var silences = new ActiveSilences(_store);

        Assert.Equal(silenced ? T0.AddHours(2) : null, silences.SilencedUntil(host, T0));
    }

    [Fact]
    public async Task Of_several_silences_covering_a_host_the_latest_end_counts()
    {
        await Add(["web*"], T0.AddHours(2));
        await Add(["web1"], T0.AddHours(5));
        await Add(["db*"], T0.AddHours(9));
        var silences = new ActiveSilences(_store);

        Assert.Equal(T0.AddHours(5), silences.SilencedUntil("web1", T0));
    }

    [Fact]
    public async Task A_silence_stops_counting_at_its_end_without_any_reload()
    {
        await Add(["web*"], T0.AddHours(2));
        var silences = new ActiveSilences(_store);

        Assert.NotNull(silences.SilencedUntil("web1", T0.AddHours(2).AddTicks(-1)));
        Assert.Null(silences.SilencedUntil("web1", T0.AddHours(2)));
        Assert.Single(silences.EndedBy(T0.AddHours(2)));
    }

    [Fact]
    public async Task A_reload_takes_what_the_store_has_now()
    {
        var silences = new ActiveSilences(_store);
        var id = await Add(["web*"], T0.AddHours(2));
        Assert.Null(silences.SilencedUntil("web1", T0));

        silences.Reload();
        Assert.NotNull(silences.SilencedUntil("web1", T0));
        await _store.RemoveSilenceAsync(id);
        silences.Reload();

        Assert.Null(silences.SilencedUntil("web1", T0));
    }

    private async Task<long> Add(string[] hosts, DateTimeOffset until) =>
        (await _store.AddSilenceAsync(new Silence(0, hosts, until, null, T0, "127.0.0.1"), T0)).Silence.Id;
}
