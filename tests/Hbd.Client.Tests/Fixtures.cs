using Hbd.Client.Linux;
using Hbd.Client.Plugins;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Client.Tests;

/// <summary>The captured and hand-adapted host trees under fixtures/ (see fixtures/README.md).</summary>
internal static class Fixtures
{
    /// <summary>The fake clock every fixture context starts at.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);

    public static string Root(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    public static PluginContext Context(string name) => new(HostPaths.UnderRoot(Root(name)), new FakeTimeProvider(Now));

    public static string Read(string name, string relative) => File.ReadAllText(Path.Combine(Root(name), relative));
}
