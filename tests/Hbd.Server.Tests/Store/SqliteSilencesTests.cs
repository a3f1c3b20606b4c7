using Hbd.Server.Store;
using Hbd.Server.Store.Sqlite;

namespace Hbd.Server.Tests.Store;

/// <summary>The silence store contract on SQLite, and that silences outlive the process.</summary>
public sealed class SqliteSilencesTests : SilenceStoreContractTests
{
    private protected override IStore OpenStore()
    {
        var store = new SqliteStore(Dir.File("hbd.db"));
        store.Open();
        return store;
    }

    [Fact]
    public async Task Silences_survive_a_reopen()
    {
        await Store.AddSilenceAsync(Silence(["web*"], T0.AddHours(1), "kept"), T0);

        using var again = new SqliteStore(((SqliteStore)Store).Path);
        again.Open();

        Assert.Equal("kept", Assert.Single(again.LoadUnnotedSilences()).Comment);
    }

}
