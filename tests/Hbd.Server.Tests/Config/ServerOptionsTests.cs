using System.Net;
using Hbd.Common.Config;
using Hbd.Server.Config;

namespace Hbd.Server.Tests.Config;

public sealed class ServerOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hbd-config-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Empty_config_gives_the_documented_defaults()
    {
        var options = ServerOptions.Parse(ConfigDocument.Empty);

        Assert.Equal(IPAddress.Any, options.Listen);
        Assert.Equal(50003, options.HbPort);
        Assert.Equal(50004, options.HbdPort);
        Assert.Equal(50005, options.WsPort);
        Assert.Equal(ServerOptions.DefaultDataDir(), options.DataDir);
        Assert.Equal(Path.Combine(options.DataDir, "hbd.log"), options.LogFile);
        Assert.Equal(Path.Combine(options.DataDir, "hbd.pid"), options.PidFile);
        Assert.Null(options.Key);
        Assert.Empty(options.Keys);
        Assert.False(options.RequireSigned);
        Assert.Equal(TimeSpan.FromSeconds(300), options.MaxClockSkew);
        Assert.Null(options.LateAfter);
        Assert.Null(options.DownAfter);
        Assert.Empty(options.Classes);
        Assert.Empty(options.WatchHosts);
        Assert.Equal(1_000_000, options.MaxHosts);
        Assert.Equal(30, options.JournalMaxDays);
        Assert.Equal(100_000, options.JournalMaxEntries);
        Assert.Equal(7, options.HistoryDays);
        Assert.Null(options.ApiToken);
        Assert.Null(options.ReadToken);
        Assert.Equal("sqlite", options.Store);
        Assert.Null(options.PostgresUrl);
        Assert.Equal(2, ServerOptions.LateAfterFactor);
        Assert.Equal(4, ServerOptions.DownAfterFactor);
    }

    [Fact]
    public void Defaults_match_an_empty_config()
    {
        var defaults = ServerOptions.Defaults;
        var parsed = ServerOptions.Parse(ConfigDocument.Empty);

        Assert.Equal(parsed.DataDir, defaults.DataDir);
        Assert.Equal(parsed.HbdPort, defaults.HbdPort);
        Assert.Equal(parsed.Store, defaults.Store);
    }

    [Fact]
    public void Data_dir_is_var_lib_for_root_and_under_home_otherwise()
    {
        var expected = Environment.IsPrivilegedProcess
            ? "/var/lib/hbd"
            : Path.Combine(Environment.GetEnvironmentVariable("HOME")!, ".local/share/hbd");

        Assert.Equal(expected, ServerOptions.DefaultDataDir());
    }

    [Fact]
    public void Every_foundation_key_is_read()
    {
        File.WriteAllText(Path.Combine(_dir, "hbd.key"), "file-secret\n");
        var path = Write("""
            listen: "::"
            hb_port: 6003
            hbd_port: 6004
            ws_port: 6005
            data_dir: state
            logfile: /var/log/hbd.log
            key_file: hbd.key
            keys:
              web1: web1-secret
              DB1.example.org: {key: db-secret}
            require_signed: false
            max_clock_skew: 2m
            late_after: 1m
            down_after: 5m
            classes:
              laptops: {match: ["laptop-*"], down_after: 6h, notify: false}
              core:    {match: ["db*", "gw*"], late_after: 10s, down_after: 30s}
            watchhosts: [db1, gw1, DB1]
            max_hosts: 5000
            journal_max_days: 90
            journal_max_entries: 1_000_000
            history_days: 14
            api_token: write-me
            read_token: read-me
            store: Postgres
            postgres_url: Host=db;Database=hbd
            """);

        var options = ServerOptions.Parse(ConfigDocument.Load(path));

        Assert.Equal(IPAddress.IPv6Any, options.Listen);
        Assert.Equal((6003, 6004, 6005), (options.HbPort, options.HbdPort, options.WsPort));
        Assert.Equal(Path.Combine(_dir, "state"), options.DataDir);
        Assert.Equal("/var/log/hbd.log", options.LogFile);
        Assert.Equal(Path.Combine(_dir, "state", "hbd.pid"), options.PidFile);
        Assert.Equal("file-secret"u8.ToArray(), options.Key);
        Assert.Equal("web1-secret"u8.ToArray(), options.Keys["WEB1"]);
        Assert.Equal("db-secret"u8.ToArray(), options.Keys["db1.example.org"]);
        Assert.False(options.RequireSigned);
        Assert.Equal(TimeSpan.FromMinutes(2), options.MaxClockSkew);
        Assert.Equal(TimeSpan.FromMinutes(1), options.LateAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), options.DownAfter);
        Assert.Equal(["laptops", "core"], options.Classes.Select(c => c.Name));
        Assert.Equal(TimeSpan.FromHours(6), options.Classes[0].DownAfter);
        Assert.False(options.Classes[0].Notify);
        Assert.Null(options.Classes[1].Notify);
        Assert.Equal(["db*", "gw*"], options.Classes[1].Match.Select(p => p.Pattern));
        Assert.Equal(["db1", "gw1"], options.WatchHosts);
        Assert.Equal(5000, options.MaxHosts);
        Assert.Equal(90, options.JournalMaxDays);
        Assert.Equal(1_000_000, options.JournalMaxEntries);
        Assert.Equal(14, options.HistoryDays);
        Assert.Equal("write-me", options.ApiToken);
        Assert.Equal("read-me", options.ReadToken);
        Assert.Equal("postgres", options.Store);
        Assert.Equal("Host=db;Database=hbd", options.PostgresUrl);
    }

    [Theory]
    [InlineData("key: s\n")]
    [InlineData("keys: {web1: s}\n")]
    public void Require_signed_defaults_to_true_with_a_key(string yaml)
    {
        Assert.True(Parse(yaml).RequireSigned);
    }

    [Fact]
    public void Require_signed_without_any_key_is_an_error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("require_signed: true\n"));

        Assert.Equal("require_signed", e.Key);
    }

    [Fact]
    public void First_matching_class_wins_case_insensitively()
    {
        var options = Parse("classes:\n  a: {match: \"db-?\"}\n  b: {match: [\"DB*\", web*]}\n  c: {match: \"*\"}\n");

        Assert.Equal("a", options.ClassFor("db-1")?.Name);
        Assert.Equal("b", options.ClassFor("db-10")?.Name);
        Assert.Equal("b", options.ClassFor("Web3.example.org")?.Name);
        Assert.Equal("c", options.ClassFor("mail")?.Name);
        Assert.Null(Parse("classes: {a: {match: db*}}\n").ClassFor("web1"));
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("*", "", true)]
    [InlineData("db*", "db", true)]
    [InlineData("db*", "DB01", true)]
    [InlineData("db*", "xdb", false)]
    [InlineData("*db", "mydb", true)]
    [InlineData("*.example.org", "a.b.example.org", true)]
    [InlineData("*.example.org", "example.org", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("h?st", "host", true)]
    [InlineData("h?st", "hst", false)]
    [InlineData("web1", "WEB1", true)]
    [InlineData("web1", "web10", false)]
    [InlineData("**a", "a", true)]
    public void Host_name_patterns_glob(string pattern, string host, bool matches)
    {
        var compiled = HostNamePattern.TryCreate(pattern, out var error);

        Assert.Null(error);
        Assert.Equal(matches, compiled!.IsMatch(host));
    }

    [Theory]
    [InlineData("")]
    [InlineData("db[12]")]
    [InlineData("a b")]
    [InlineData("db{1,2}")]
    public void Malformed_patterns_are_refused(string pattern)
    {
        Assert.Null(HostNamePattern.TryCreate(pattern, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Class_without_match_is_an_error_at_the_class()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("classes:\n  core:\n    down_after: 30s\n"));

        Assert.Equal("hbd.yaml:3: key 'classes.core': a class needs 'match': a host name pattern or a list of them", e.Message);
    }

    [Fact]
    public void Bad_pattern_names_its_list_item()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("classes:\n  core:\n    match:\n      - db*\n      - \"db[1]\"\n"));

        Assert.Equal(5, e.Line);
        Assert.Equal("classes.core.match[1]", e.Key);
    }

    [Fact]
    public void Wrong_type_names_file_line_and_key()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("classes:\n  core:\n    match: db*\n    down_after: soon\n"));

        Assert.StartsWith("hbd.yaml:4: key 'classes.core.down_after': expected a duration", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("late_after: 5m\ndown_after: 5m\n", "down_after")]
    [InlineData("late_after: 5m\ndown_after: 1m\n", "down_after")]
    [InlineData("classes: {c: {match: x, late_after: 1h, down_after: 30m}}\n", "classes.c.down_after")]
    public void Down_after_must_be_longer_than_late_after(string yaml, string key)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(yaml));

        Assert.Equal(key, e.Key);
        Assert.Contains("longer than late_after", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void History_days_0_turns_history_off()
    {
        Assert.Equal(0, Parse("history_days: 0\n").HistoryDays);
        Assert.Equal(7, Parse("").HistoryDays);
    }

    [Theory]
    [InlineData("listen: localhost\n", "listen")]
    [InlineData("listen: 300.1.1.1\n", "listen")]
    [InlineData("hb_port: 0\n", "hb_port")]
    [InlineData("hbd_port: 70000\n", "hbd_port")]
    [InlineData("ws_port: 50004\n", "ws_port")]
    [InlineData("max_clock_skew: 0\n", "max_clock_skew")]
    [InlineData("late_after: 0s\n", "late_after")]
    [InlineData("down_after: -1m\n", "down_after")]
    [InlineData("keys: [a, b]\n", "keys")]
    [InlineData("keys: {\"bad host\": x}\n", "keys.bad host")]
    [InlineData("keys: {web1: \"\"}\n", "keys.web1")]
    [InlineData("keys: {web1: [x]}\n", "keys.web1")]
    [InlineData("keys: {web1: {}}\n", "keys.web1")]
    [InlineData("keys: {web1: a, WEB1: b}\n", "keys.WEB1")]
    [InlineData("watchhosts: [\"bad host\"]\n", "watchhosts[0]")]
    [InlineData("max_hosts: 0\n", "max_hosts")]
    [InlineData("journal_max_days: 0\n", "journal_max_days")]
    [InlineData("journal_max_entries: lots\n", "journal_max_entries")]
    [InlineData("history_days: -1\n", "history_days")]
    [InlineData("history_days: 36501\n", "history_days")]
    [InlineData("api_token: \"  \"\n", "api_token")]
    [InlineData("read_token: {a: 1}\n", "read_token")]
    [InlineData("store: mysql\n", "store")]
    [InlineData("store: postgres\n", "store")]
    [InlineData("postgres_url: \"\"\n", "postgres_url")]
    [InlineData("classes: [a]\n", "classes")]
    [InlineData("classes: {core: 5}\n", "classes.core")]
    [InlineData("classes: {core: {match: []}}\n", "classes.core.match")]
    [InlineData("classes: {core: {match: x, notify: sometimes}}\n", "classes.core.notify")]
    [InlineData("data_dir: [a]\n", "data_dir")]
    public void Bad_values_name_the_key_and_line(string yaml, string key)
    {
        var e = Assert.Throws<ConfigException>(() => Parse("# first line\n" + yaml));

        Assert.Equal("hbd.yaml", e.FilePath);
        Assert.Equal(2, e.Line);
        Assert.Equal(key, e.Key);
    }

    [Fact]
    public void Wrong_types_for_every_key_only_raise_located_config_errors()
    {
        string[] values = ["~", "0", "-1", "99999999999999999999", "1.5", "true", "\"\"", "abc def", "[]", "[a, b]", "[[a]]", "{}", "{a: 1}", "{a: {b: c}}", "!!binary aGk=", "\"\\u0000\""];
        foreach (var key in ConfigKeys.Server)
        {
            foreach (var value in values)
            {
                var yaml = $"# header\n{key}: {value}\n";
                try
                {
                    Parse(yaml);
                }
                catch (ConfigException e)
                {
                    Assert.Equal("hbd.yaml", e.FilePath);
                    Assert.True(e.Line == 2, $"{yaml}: {e.Message}");
                    Assert.NotNull(e.Key);
                }
                catch (Exception e)
                {
                    Assert.Fail($"{e.GetType().Name} escaped for '{yaml}': {e.Message}");
                }
            }
        }
    }

    [Fact]
    public void Log_and_pid_files_follow_the_data_dir_unless_set()
    {
        var options = Parse("data_dir: /srv/hbd\npidfile: /run/hbd.pid\n");

        Assert.Equal("/srv/hbd/hbd.log", options.LogFile);
        Assert.Equal("/run/hbd.pid", options.PidFile);
        Assert.Equal("/elsewhere/hbd.log", (options with { DataDir = "/elsewhere" }).LogFile);
    }

    [Fact]
    public void Client_keys_are_ignored_by_the_server()
    {
        var options = Parse("interval: 5\nservers: [a]\nplugins: {cpu: {}}\nthresholds: {}\nencrypt: true\n");

        Assert.Equal(ServerOptions.DefaultHbPort, options.HbPort);
    }

    private static ServerOptions Parse(string yaml) => ServerOptions.Parse(ConfigDocument.Parse(yaml, "hbd.yaml"));

    private string Write(string text)
    {
        var path = Path.Combine(_dir, "hbd.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
