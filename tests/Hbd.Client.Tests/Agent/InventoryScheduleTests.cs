using Hbd.Client.Agent;
using Microsoft.Extensions.Time.Testing;

namespace Hbd.Client.Tests.Agent;

public sealed class InventoryScheduleTests
{
    private static Dictionary<string, object?> Os(string kernel, long uptime) => new()
    {
        ["os"] = new Dictionary<string, object?> { ["kernel"] = kernel, ["uptime_s"] = uptime },
    };

    [Fact]
    public void Inventory_goes_at_start_on_change_and_hourly_but_not_between()
    {
        var time = new FakeTimeProvider();
        var schedule = new InventorySchedule(time);
        Assert.True(schedule.ShouldSend(Os("6.1", 100)));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(schedule.ShouldSend(Os("6.1", 110))); // uptime alone is no change
        Assert.True(schedule.ShouldSend(Os("6.12", 120)));
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(schedule.ShouldSend(Os("6.12", 3660)));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(schedule.ShouldSend(Os("6.12", 3720)));
    }

    [Fact]
    public void Forgotten_inventory_goes_again_with_the_next_beat()
    {
        var schedule = new InventorySchedule(new FakeTimeProvider());
        Assert.True(schedule.ShouldSend(Os("6.1", 1)));
        schedule.Forget();
        Assert.True(schedule.ShouldSend(Os("6.1", 2)));
    }

    [Fact]
    public void Empty_inventory_is_never_sent()
    {
        Assert.False(new InventorySchedule(new FakeTimeProvider()).ShouldSend(new Dictionary<string, object?>()));
    }
}
