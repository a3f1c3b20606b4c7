using System.Text;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// Malformed and mistyped configuration files, by name. <see cref="BadConfig.Hbd"/> and <see cref="BadConfig.Hbc"/>
/// are the exit codes docs/configuration.md gives (2 for a wrong value of a key the program reads, 0 for a key it ignores);
/// null where either 0 or 2 is a fair answer. Whatever the answer, no stack trace.
/// </summary>
public sealed record BadConfig(string Name, Func<TestDirectory, byte[]> Content, int? Hbd, int? Hbc)
{
    public static readonly IReadOnlyList<BadConfig> All =
    [
        Text("unclosed flow sequence", "hb_port: 50003\nservers: [a, b\ninterval: 5\n", 2, 2),
        Text("unclosed quoted string", "name: \"web1\ninterval: 5\n", 2, 2),
        Text("tab as indentation", "plugins:\n\tcpu: {enabled: true}\n", 2, 2),
        Text("mapping value where none may be", "hb_port: 50003: 50004\n", 2, 2),
        Text("hb_port is not a number", "hb_port: abc\n", 2, 2),
        Text("hb_port out of range", "hb_port: 70000\n", 2, 2),
        Text("hb_port is a fraction", "hb_port: 1.5\n", 2, 2),
        Text("hbd_port is a list", "hbd_port: [50004]\n", 2, 0),
        Text("interval is negative", "interval: -5\n", 0, 2),
        Text("interval overflows", "interval: 1e400\n", 0, 2),
        Text("down_after is a word", "down_after: soon\n", 2, 0),
        Text("down_after overflows", "down_after: 99999999999999d\n", 2, 0),
        Text("down_after not after late_after", "late_after: 10\ndown_after: 5\n", 2, 0),
        Text("listen is not an address", "listen: nonsense\n", 2, 0),
        Text("servers is a number", "servers: 42\n", 0, null),
        Text("servers is a map", "servers: {a: b}\n", 0, 2),
        Text("servers entry with a port out of range", "servers:\n  - mon1\n  - \"mon2:99999\"\n", null, 2),
        Text("key_file points nowhere", "key_file: /nonexistent/hbd-e2e/secret\n", 2, 2),
        new("key_file is a directory", dir => Encoding.UTF8.GetBytes($"key_file: \"{dir.Root}\"\n"), 2, 2),
        Text("key is empty", "key: ''\n", 2, 2),
        Text("classes is a number", "classes: 5\n", 2, 0),
        Text("class pattern with an unclosed bracket", "classes:\n  web: {match: [\"web[12\"]}\n", 2, 0),
        Text("class pattern is a map", "classes:\n  web: {match: [{a: b}]}\n", 2, 0),
        Text("class with a bad down_after", "classes:\n  web: {match: [\"web*\"], down_after: nope}\n", 2, 0),
        Text("keys is a list", "keys: [a, b]\n", 2, 0),
        Text("require_signed is not a boolean", "require_signed: maybe\n", 2, 0),
        Text("encrypt without a key", "encrypt: true\n", 0, 2),
        Text("plugins is a number", "plugins: 5\n", 0, 2),
        Text("data_dir holds a NUL", "data_dir: \"/tmp/a\\0b\"\n", 2, 0),
        Text("top level is a list", "- hb_port\n- 50003\n", 2, 2),
        Text("top level is a scalar", "just some words\n", 2, 2),
        Text("duplicate key", "hb_port: 50003\nhb_port: 50013\n", 2, 2),
        new("invalid UTF-8", _ => [.. "name: "u8, 0xff, 0xfe, 0xc3, (byte)'\n'], 2, 2),
        new("binary garbage", _ => Garbage(4096, seed: 42), 2, 2),
        new("2 MB number", _ => Encoding.ASCII.GetBytes("hb_port: " + new string('9', 2 << 20) + "\n"), 2, 2),
        new("2 MB of comments", _ => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("# a comment line\n", 2 << 16))), 2, 2),
        Text("flow sequences nested 100,000 deep", "x: " + new string('[', 100_000) + new string(']', 100_000) + "\n", 2, 2),
        Text("flow mappings nested 50,000 deep", "x: " + string.Concat(Enumerable.Repeat("{a: ", 50_000)) + new string('}', 50_000), 2, 2),
        new("block mappings nested 1,000 deep", _ => Nested(1000), 2, 2),
        new("billion laughs aliases", _ => Encoding.ASCII.GetBytes(Laughs()), 2, 2),
    ];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var config in All)
            names.Add(config.Name);
        return names;
    }

    public static BadConfig Named(string name) => All.Single(c => c.Name == name);

    public string WriteTo(TestDirectory dir) => dir.Write(Name.Replace(' ', '-') + ".yaml", Content(dir));

    /// <summary>Exit 0 or 2 (or the one expected), a short stderr without stack traces, and a 2 that names the file.</summary>
    public void AssertHandled(ProgramResult run, string program, string path, int? expected)
    {
        var context = $"{program} on '{Name}':\n{run}";
        Assert.True(run.ExitCode is 0 or 2, context);
        if (expected is { } code)
            Assert.True(run.ExitCode == code, $"expected exit code {code}; " + context);
        Assert.True(run.StderrLines.Length <= 5, $"more than a few lines on stderr; " + context);
        Assert.DoesNotContain(run.StderrLines, line => line.Contains("   at ", StringComparison.Ordinal)
            || line.Contains("Exception", StringComparison.Ordinal));
        if (run.ExitCode == 2)
        {
            Assert.True(run.Stderr.StartsWith($"{program}: ", StringComparison.Ordinal), context);
            Assert.True(run.Stderr.Contains(path, StringComparison.Ordinal), "the message does not name the file; " + context);
        }
    }

    public override string ToString() => Name;

    private static BadConfig Text(string name, string yaml, int? hbd, int? hbc) => new(name, _ => Encoding.UTF8.GetBytes(yaml), hbd, hbc);

    private static byte[] Garbage(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Nested(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
            text.Append(' ', i).Append("k:\n");
        text.Append(' ', depth).Append("k: v\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>Nine levels of ten aliases each: a billion strings if aliases are expanded.</summary>
    private static string Laughs()
    {
        var text = new StringBuilder("lol:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
            text.Append($"  l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        return text.ToString();
    }
}
