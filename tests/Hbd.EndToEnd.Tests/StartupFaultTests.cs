using System.Net;
using System.Net.Sockets;
using Hbd.EndToEnd.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Hbd.EndToEnd.Tests;

/// <summary>What hbd -f says when it cannot start: one line naming what is wrong, exit code 1, no stack trace.</summary>
public sealed class StartupFaultTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Database => Path.Combine(_dir.DataDir, "hbd.db");

    [Theory]
    [InlineData("tcp")]
    [InlineData("udp")]
    public async Task A_taken_port_stops_hbd_with_exit_1_and_one_line_naming_the_address_and_port(string protocol)
    {
        var hbPort = FreePorts.Next();
        var hbdPort = FreePorts.Next();
        var taken = protocol == "tcp" ? hbdPort : hbPort;
        using var holder = protocol == "tcp"
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, taken));
        if (protocol == "tcp")
            holder.Listen();
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir, hbPort, hbdPort);

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", config.Path);

        AssertOneLineFailure(run, $"cannot listen on {protocol} 127.0.0.1:{taken}", "address already in use");
    }

    [Fact]
    public async Task A_foreign_sqlite_database_as_hbd_db_is_refused_and_left_exactly_as_it_was()
    {
        Directory.CreateDirectory(_dir.DataDir);
        using (var connection = new SqliteConnection($"Data Source={Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine');";
            command.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(Database);
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", config.Path);

        AssertOneLineFailure(run, $"{Database} is not an hbd database", "move it away or choose another data_dir");
        var after = File.ReadAllBytes(Database);
        Assert.True(before.AsSpan().SequenceEqual(after), "the foreign database was changed");
        Assert.False(File.Exists(Database + "-wal"), "the foreign database was switched to WAL");
        Assert.Equal((1, 1), (after[18], after[19])); // file format versions: 1 is rollback journal, 2 WAL
    }

    [Fact]
    public async Task Random_bytes_as_hbd_db_are_refused_with_one_line_naming_the_file()
    {
        Directory.CreateDirectory(_dir.DataDir);
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(Database, garbage);
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", config.Path);

        AssertOneLineFailure(run, $"{Database} is not an hbd database (file is not a database)", "move it away");
        Assert.Equal(garbage, File.ReadAllBytes(Database));
    }

    [Fact]
    public async Task A_directory_where_hbd_db_should_be_is_refused_with_one_line_naming_it()
    {
        Directory.CreateDirectory(Database);
        var config = ServerConfig.Write(_dir, "hbd.yaml", _dir.DataDir);

        var run = await Commands.RunServerAsync(_dir, "-f", "-c", config.Path);

        AssertOneLineFailure(run, $"cannot open {Database}");
    }

    // Paths a regular file stands in the way of: unusable for root too, unlike permission bits.
    [Theory]
    [InlineData("file", "-f")]
    [InlineData("file/data", "-f")]
    [InlineData("file/data", "--verbose")] // detached: the parent must say it, before the pidfile and logfile are made
    public async Task A_data_dir_that_cannot_be_created_is_refused_with_one_line_naming_it(string below, string mode)
    {
        var file = _dir.Write("file", "a regular file\n");
        var dataDir = Path.Combine(_dir.Root, below);
        var config = ServerConfig.Write(_dir, "hbd.yaml", dataDir);

        var run = await Commands.RunServerAsync(_dir, mode, "-c", config.Path);

        AssertOneLineFailure(run, $"data_dir {dataDir}", $"{file} is a file, not a directory", "choose another data_dir");
    }

    /// <summary>Exit code 1 and a single line on stderr, starting with "hbd: " and holding every one of <paramref name="parts"/>.</summary>
    internal static void AssertOneLineFailure(ProgramResult run, params string[] parts)
    {
        Assert.True(run.ExitCode == 1, $"expected exit code 1\n{run}");
        Assert.True(run.Stdout.Length == 0 && run.StderrLines.Length == 1, $"expected one line on stderr and nothing else\n{run}");
        var line = run.StderrLines[0];
        Assert.True(line.StartsWith("hbd: ", StringComparison.Ordinal), run.ToString());
        foreach (var part in parts)
            Assert.True(line.Contains(part, StringComparison.Ordinal), $"the line does not say '{part}'\n{run}");
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }
}
