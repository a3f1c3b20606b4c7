using System.Text.RegularExpressions;
using Hbd.Common.Config;
using Hbd.Server.Cli;

namespace Hbd.Server.Tests.Cli;

/// <summary>Documented settings of features this build lacks are refused with file, line, key and reason.</summary>
public sealed partial class ServerOptionsSupportTests
{
    public static TheoryData<string> TopLevelKeys()
    {
        var keys = new TheoryData<string>();
        foreach (var refused in ServerOptionsSupport.Refused.Where(r => r is { Scope: RefusedScope.TopLevel, Value: null }))
            keys.Add(refused.Key);
        return keys;
    }

    [Theory]
    [MemberData(nameof(TopLevelKeys))]
    public void A_refused_key_stops_with_its_line_and_reason_whatever_its_value(string key)
    {
        var reason = ServerOptionsSupport.Refused.Single(r => r.Key == key && r.Scope == RefusedScope.TopLevel).Reason;
        var doc = ConfigDocument.Parse($"hb_port: 50003\n{key}: [1, 2]\n", "/etc/hbd.yaml");

        var error = Assert.Throws<ConfigException>(() => ServerOptionsSupport.EnsureSupported(doc.Root));

        Assert.Equal($"/etc/hbd.yaml:2: key '{key}': {reason}", error.Message);
    }

    [Fact]
    public void Reasons_name_the_missing_feature()
    {
        string Reason(string key) => ServerOptionsSupport.Refused.Single(r => r.Key == key && r.Scope == RefusedScope.TopLevel).Reason;

        Assert.StartsWith("PostgreSQL is not available in this version", Reason("postgres_url"), StringComparison.Ordinal);
    }

    [Fact]
    public void Store_postgres_is_refused_and_store_sqlite_is_not()
    {
        var postgres = ConfigDocument.Parse("store: postgres\n", "/etc/hbd.yaml");
        var sqlite = ConfigDocument.Parse("store: sqlite\n", "/etc/hbd.yaml");

        var error = Assert.Throws<ConfigException>(() => ServerOptionsSupport.EnsureSupported(postgres.Root));
        ServerOptionsSupport.EnsureSupported(sqlite.Root);

        Assert.Equal("/etc/hbd.yaml:1: key 'store': PostgreSQL is not available in this version; use 'store: sqlite'", error.Message);
    }

    [Fact]
    public void The_first_refused_key_in_the_file_is_the_one_named()
    {
        var doc = ConfigDocument.Parse("history_days: 3\npostgres_url: Host=db\nstore: postgres\n", "/etc/hbd.yaml");

        var error = Assert.Throws<ConfigException>(() => ServerOptionsSupport.EnsureSupported(doc.Root));

        Assert.Equal(("postgres_url", 2), (error.Key, error.Line));
    }

    [Theory]
    [InlineData("pushover_token:\n")]
    [InlineData("notify: ~\n")]
    [InlineData("classes: {core: {match: [\"db*\"], notify: null}}\n")]
    public void A_key_left_empty_is_not_set_and_not_refused(string yaml) =>
        ServerOptionsSupport.EnsureSupported(ConfigDocument.Parse(yaml, "x.yaml").Root);

    [Theory]
    [InlineData("tls_cert: /etc/hbd/cert.pem\ntls_key: /etc/hbd/key.pem\n")]
    [InlineData("metrics_export: all\n")]
    [InlineData("dyndnshosts: [home1]\ndns_server: 127.0.0.1:5353\ndns_zone: dyn.example.org\ntsig_key_name: hbd\ntsig_secret: c2VjcmV0\n")]
    [InlineData("webhook_url: http://127.0.0.1:9/hook\nrepeat_after: 4h\nclasses: {laptops: {match: [\"laptop-*\"], notify: false}}\n")]
    [InlineData("listen: 127.0.0.1\napi_token: t\njournal_max_days: 3\nclasses: {core: {match: [\"db*\"], down_after: 30s}}\n")]
    public void Keys_of_features_that_exist_or_are_being_built_pass(string yaml) =>
        ServerOptionsSupport.EnsureSupported(ConfigDocument.Parse(yaml, "x.yaml").Root);

    [Fact]
    public void Every_refused_key_is_a_known_key_so_it_is_refused_and_not_merely_warned_about()
    {
        Assert.All(ServerOptionsSupport.Refused, refused =>
            Assert.Contains(refused.Key, refused.Scope == RefusedScope.TopLevel ? ConfigKeys.Server : ConfigKeys.ServerClass));
    }

    [Fact]
    public void Configuration_doc_lists_exactly_the_refused_settings_with_their_reasons()
    {
        var documented = DocumentedRefusals();

        var refused = ServerOptionsSupport.Refused
            .Select(r => (Setting: r.Scope == RefusedScope.HostClass ? $"classes.NAME.{r.Key}" : r.Value is null ? r.Key : $"{r.Key}: {r.Value}",
                r.Reason))
            .ToHashSet();

        Assert.Equal(refused.OrderBy(r => r.Setting, StringComparer.Ordinal), documented.OrderBy(r => r.Setting, StringComparer.Ordinal));
    }

    /// <summary>The rows of docs/configuration.md's "Not available in this version" table: `setting`s | reason.</summary>
    private static List<(string Setting, string Reason)> DocumentedRefusals()
    {
        var lines = File.ReadAllLines(DocPath("configuration.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("### Not available in this version", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/configuration.md has no 'Not available in this version' section");
        var rows = new List<(string, string)>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith('#')))
        {
            var row = Row().Match(line);
            if (!row.Success)
                continue;
            foreach (Match setting in Code().Matches(row.Groups["settings"].Value))
                rows.Add((setting.Groups[1].Value, row.Groups["reason"].Value));
        }
        return rows;
    }

    private static string DocPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"docs/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>| `a`, `b` | reason |</summary>
    [GeneratedRegex(@"^\| (?<settings>`.*`) \| (?<reason>[^|`]+?) \|$")]
    private static partial Regex Row();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
