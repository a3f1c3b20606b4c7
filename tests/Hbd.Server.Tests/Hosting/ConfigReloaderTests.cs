using Hbd.Server.Config;
using Hbd.Server.Hosting;

namespace Hbd.Server.Tests.Hosting;

public sealed class ConfigReloaderTests
{
    [Fact]
    public void Changes_that_wait_for_a_restart_are_named_by_their_keys()
    {
        var before = ServerOptions.Defaults;

        var changed = ConfigReloader.RestartOnly(before, before with { HbdPort = 8080, DataDir = "/elsewhere" });

        Assert.Equal("hbd_port, data_dir", changed);
    }

    [Fact]
    public void Settings_a_reload_applies_are_not_named_as_waiting_for_a_restart()
    {
        var before = ServerOptions.Defaults;

        var changed = ConfigReloader.RestartOnly(before, before with { DownAfter = TimeSpan.FromSeconds(5), WatchHosts = ["db1"] });

        Assert.Equal("", changed);
    }
}
