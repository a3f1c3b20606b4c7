using Hbd.EndToEnd.Tests.Infrastructure;

namespace Hbd.EndToEnd.Tests;

/// <summary>No configuration, however broken, gets a stack trace out of hbd.</summary>
public sealed class ServerConfigErrorTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(BadConfig.Names), MemberType = typeof(BadConfig))]
    public async Task Hbd_check_config_answers_a_bad_config_with_exit_0_or_2_and_a_short_message(string name)
    {
        var config = BadConfig.Named(name);
        var path = config.WriteTo(_dir);

        var run = await Commands.RunServerAsync(_dir, "--check-config", "-c", path);

        config.AssertHandled(run, "hbd", path, config.Hbd);
    }
}

/// <summary>No configuration, however broken, gets a stack trace out of hbc.</summary>
public sealed class ClientConfigErrorTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(BadConfig.Names), MemberType = typeof(BadConfig))]
    public async Task Hbc_print_answers_a_bad_config_with_exit_0_or_2_and_a_short_message(string name)
    {
        var config = BadConfig.Named(name);
        var path = config.WriteTo(_dir);

        var run = await Commands.RunClientAsync(_dir, "--print", "json", "-c", path);

        config.AssertHandled(run, "hbc", path, config.Hbc);
    }
}
