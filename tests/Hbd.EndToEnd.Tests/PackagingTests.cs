using System.IO.Compression;
using System.Runtime.Versioning;
using System.Text.Json;
using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>
/// Packs and publishes hbc and hbd once, from a copy of the sources (so the builds touch neither the
/// bin folders other tests run from nor anyone's work in progress). Slow: half a minute or more.
/// </summary>
public sealed class PackagingFixture : IAsyncLifetime
{
    private static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(5);

    private readonly string _root = Directory.CreateTempSubdirectory("hbd-e2e-pack-").FullName;

    public string PackageDir => Path.Combine(_root, "packages");

    public string ClientPublishDir => Path.Combine(_root, "publish-hbc");

    public string ServerPublishDir => Path.Combine(_root, "publish-hbd");

    public ProgramResult ClientPack { get; private set; } = null!;

    public ProgramResult ServerPack { get; private set; } = null!;

    public ProgramResult ClientPublish { get; private set; } = null!;

    public ProgramResult ServerPublish { get; private set; } = null!;

    public string ClientAotDir => Path.Combine(_root, "publish-hbc-aot");

    public ProgramResult ClientAotPublish { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var source = Path.Combine(_root, "source");
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
            File.Copy(Path.Combine(Programs.RepositoryRoot, file), Path.Combine(Directory.CreateDirectory(source).FullName, file));
        CopySources(Path.Combine(Programs.RepositoryRoot, "src"), Path.Combine(source, "src"));
        // The dashboard's sources, which the server's build turns into embedded files (its npm install is made afresh).
        CopySources(Path.Combine(Programs.RepositoryRoot, "web"), Path.Combine(source, "web"));

        // One after the other: both builds share Hbd.Common's output folders.
        ClientPack = await Dotnet(source, "pack", "src/Hbd.Client", "-c", "Release", "-o", PackageDir);
        ServerPack = await Dotnet(source, "pack", "src/Hbd.Server", "-c", "Release", "-o", PackageDir);
        ClientPublish = await Dotnet(source, "publish", "src/Hbd.Client", "-c", "Release", "-o", ClientPublishDir);
        ServerPublish = await Dotnet(source, "publish", "src/Hbd.Server", "-c", "Release", "-o", ServerPublishDir);
        var rid = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64
            ? "linux-arm64" : "linux-x64";
        ClientAotPublish = await Dotnet(source, "publish", "src/Hbd.Client", "-c", "Release", "-r", rid, "-p:PublishAot=true",
            "-o", ClientAotDir);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }

    /// <summary>The names of the files under tools/ in the package with this id.</summary>
    public List<string> ToolFiles(string packageId)
    {
        using var zip = ZipFile.OpenRead(Package(packageId));
        return zip.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal)).Select(e => e.FullName).ToList();
    }

    /// <summary>The text of one file in the package's tools folder, found by file name.</summary>
    public string ToolFileText(string packageId, string fileName)
    {
        using var zip = ZipFile.OpenRead(Package(packageId));
        var entry = zip.Entries.Single(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal) && e.Name == fileName);
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>id.VERSION.nupkg (hbd.0.1.0.nupkg, not hbd.something.0.1.0.nupkg).</summary>
    private string Package(string packageId) =>
        Directory.GetFiles(PackageDir, $"{packageId}.*.nupkg").Single(p => char.IsAsciiDigit(Path.GetFileName(p)[packageId.Length + 1]));

    /// <summary>dotnet with the real $HOME (its package cache), no lingering build servers holding our pipes.</summary>
    private static Task<ProgramResult> Dotnet(string workingDirectory, params string[] args) =>
        ProgramRun.RunAsync("dotnet", [.. args, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            Environment.GetEnvironmentVariable("HOME") ?? "/", DotnetTimeout, workingDirectory,
            new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" });

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(dir) is not ("bin" or "obj" or "node_modules" or "dist"))
                CopySources(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}

/// <summary>A host that only runs hbc carries none of the server's dependencies, and the reverse; both ship as tools.</summary>
public sealed class PackagingTests(PackagingFixture packages) : IClassFixture<PackagingFixture>
{
    private static readonly string[] ServerOnlyAssemblies =
    [
        "Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Npgsql", "MailKit", "MimeKit", "ARSoft", "DnsClient",
        "Microsoft.Extensions.Hosting",
    ];

    [Fact]
    public void Client_tool_package_carries_no_web_database_mail_or_dns_assembly()
    {
        Assert.True(packages.ClientPack.ExitCode == 0, packages.ClientPack.ToString());
        var files = packages.ToolFiles("hbc");

        Assert.Contains(files, f => Path.GetFileName(f) == "hbc.dll");
        var serverOnly = files
            .Where(f => ServerOnlyAssemblies.Any(prefix => Path.GetFileName(f).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Assert.True(serverOnly.Count == 0, "server assemblies in hbc's package: " + string.Join(", ", serverOnly));
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("sqlite", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Client_tool_runs_on_the_base_framework_only_not_aspnetcore()
    {
        Assert.True(packages.ClientPack.ExitCode == 0, packages.ClientPack.ToString());
        var text = packages.ToolFileText("hbc", "hbc.runtimeconfig.json");

        using var json = JsonDocument.Parse(text);
        var options = json.RootElement.GetProperty("runtimeOptions");
        var frameworks = new List<string>();
        if (options.TryGetProperty("framework", out var framework))
            frameworks.Add(framework.GetProperty("name").GetString()!);
        if (options.TryGetProperty("frameworks", out var list))
            frameworks.AddRange(list.EnumerateArray().Select(f => f.GetProperty("name").GetString()!));
        Assert.Equal(["Microsoft.NETCore.App"], frameworks);
    }

    [Fact]
    public void Server_tool_package_carries_hbd_and_not_hbc()
    {
        Assert.True(packages.ServerPack.ExitCode == 0, packages.ServerPack.ToString());
        var files = packages.ToolFiles("hbd").Select(Path.GetFileName).ToList();

        Assert.Contains("hbd.dll", files);
        Assert.Contains("Microsoft.Data.Sqlite.dll", files); // the same matching finds what the server does carry
        Assert.DoesNotContain("hbc.dll", files);
        Assert.DoesNotContain("hbc", files);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Publish_yields_executables_named_hbc_and_hbd_that_run()
    {
        Assert.True(packages.ClientPublish.ExitCode == 0, packages.ClientPublish.ToString());
        Assert.True(packages.ServerPublish.ExitCode == 0, packages.ServerPublish.ToString());
        using var dir = new TestDirectory();

        foreach (var program in new[] { Path.Combine(packages.ClientPublishDir, "hbc"), Path.Combine(packages.ServerPublishDir, "hbd") })
        {
            Assert.True(File.Exists(program), $"{program} missing");
            Assert.True(File.GetUnixFileMode(program).HasFlag(UnixFileMode.UserExecute), $"{program} is not executable");
            var run = await ProgramRun.RunAsync(program, ["--version"], dir.Home);
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("0.", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_published_server_carries_the_dashboard_built_from_a_fresh_npm_install()
    {
        Assert.True(packages.ServerPublish.ExitCode == 0, packages.ServerPublish.ToString());
        // Embedded resources are named in the assembly's manifest as plain UTF-8 text.
        var assembly = File.ReadAllBytes(Path.Combine(packages.ServerPublishDir, "hbd.dll"));
        foreach (var resource in new[] { "web/index.html", "web/assets/app.js", "web/assets/vendor/uPlot.esm.js" })
            Assert.True(assembly.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(resource)) >= 0, $"{resource} is not embedded in hbd.dll");
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Client_publishes_as_one_native_aot_binary_that_reports_every_plugin()
    {
        Assert.True(packages.ClientAotPublish.ExitCode == 0, packages.ClientAotPublish.ToString());
        Assert.DoesNotContain("warning", packages.ClientAotPublish.Stdout, StringComparison.OrdinalIgnoreCase); // trim/AOT-safe
        var program = Path.Combine(packages.ClientAotDir, "hbc");
        Assert.True(File.Exists(program), $"{program} missing");
        Assert.Empty(Directory.GetFiles(packages.ClientAotDir, "*.dll")); // one native file, no IL beside it
        using var dir = new TestDirectory();

        var run = await ProgramRun.RunAsync(program, ["--print", "json"], dir.Home);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var groups = json.RootElement.GetProperty("metrics").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("cpu", groups);
        Assert.Contains("memory", groups);
        Assert.Contains(groups, g => g.StartsWith("disk:", StringComparison.Ordinal));
        var inventory = json.RootElement.GetProperty("inventory");
        Assert.True(inventory.TryGetProperty("os", out _), run.Stdout);
        Assert.True(inventory.TryGetProperty("filesystems", out _), run.Stdout);
    }

    /// <summary>The build on this machine's glibc shares one malloc arena among its threads too (Packages/AgentFootprintTests).</summary>
    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Native_aot_client_threads_share_the_first_malloc_arena()
    {
        Assert.True(packages.ClientAotPublish.ExitCode == 0, packages.ClientAotPublish.ToString());
        using var dir = new TestDirectory();

        var (maps, threads) = await Packages.RunningAgent.SnapshotAsync(Path.Combine(packages.ClientAotDir, "hbc"), dir);

        Assert.True(threads.Count >= 5, $"{string.Join(", ", threads)}: too few threads for the check to mean anything");
        Assert.Equal(0, Packages.MallocArenas.Count(maps));
    }

    /// <summary>
    /// The native binary signs with the agent's managed HMAC (kept by the AOT trimmer, not the platform's), and a real
    /// hbd with the same key, verifying with the platform's, takes the beat.
    /// </summary>
    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Native_aot_client_with_a_key_signs_beats_a_real_server_with_that_key_accepts()
    {
        Assert.True(packages.ClientAotPublish.ExitCode == 0, packages.ClientAotPublish.ToString());
        using var dir = new TestDirectory();
        using var server = await ServerProcess.StartAsync(dir, "key: a long shared secret\n");
        var config = dir.Write("hbc.yaml", $"hb_port: {server.HbPort}\nkey: a long shared secret\n");

        var run = await ProgramRun.RunAsync(Path.Combine(packages.ClientAotDir, "hbc"), ["--once", "-n", "aot-signed", "-c", config, "127.0.0.1"], dir.Home);

        Assert.True(run.ExitCode == 0, run.ToString());
        await server.Eventually(async () => await server.Api.StateOfAsync("aot-signed") == "up", "aot-signed up");
        Assert.Equal(0, await server.Api.RejectedAsync("bad_signature"));
    }
}
