using Hbd.Server.Api;
using Hbd.Server.Commits;
using Hbd.Server.Hosts;

namespace Hbd.Server.Tests.Api;

public sealed class HostPageSelectorTests
{
    [Fact]
    public void Small_pages_walk_every_host_once_in_case_insensitive_name_order()
    {
        var names = Enumerable.Range(0, 53).Select(i => (i % 3 == 0 ? "Web" : "web") + i.ToString("D2", null)).ToList();
        var hosts = names.Select(n => HostRecords.Of(n)).Reverse().ToList();

        var walked = Walk(hosts, limit: 5, out var pages);

        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), walked);
        Assert.Equal(11, pages);
    }

    [Fact]
    public void A_last_page_that_is_exactly_full_has_no_next()
    {
        var hosts = Enumerable.Range(0, 10).Select(i => HostRecords.Of($"h{i}")).ToList();

        var first = HostPageSelector.Select(hosts, Query(limit: 5));
        var second = HostPageSelector.Select(hosts, Query(limit: 5, after: first.Hosts[^1].Name));

        Assert.True(first.More);
        Assert.Equal(["h5", "h6", "h7", "h8", "h9"], second.Hosts.Select(h => h.Name));
        Assert.False(second.More);
    }

    [Fact]
    public void No_hosts_is_one_empty_last_page()
    {
        var page = HostPageSelector.Select([], Query(limit: 5));

        Assert.Empty(page.Hosts);
        Assert.False(page.More);
    }

    [Fact]
    public void Hosts_added_or_removed_between_pages_neither_repeat_nor_skip_the_others()
    {
        var hosts = Enumerable.Range(0, 30).Select(i => HostRecords.Of($"h{i:D2}")).ToList();
        var kept = hosts.Where(h => h.Name != "h25").Select(h => h.Name).ToList();
        var seen = new List<string>();
        string? after = null;
        HostPage page;
        do
        {
            page = HostPageSelector.Select(hosts, Query(limit: 4, after: after));
            seen.AddRange(page.Hosts.Select(h => h.Name));
            after = page.Hosts.Count > 0 ? page.Hosts[^1].Name : after;
            if (seen.Count == 8)
            {
                hosts.Insert(0, HostRecords.Of("h00a")); // before the cursor: a later walk's business
                hosts.Add(HostRecords.Of("h20a"));       // after it: on a later page
                hosts.RemoveAll(h => h.Name is "h03" or "h25");
            }
        }
        while (page.More);

        Assert.Equal(seen.Order(StringComparer.OrdinalIgnoreCase), seen);
        Assert.Equal(seen.Distinct(StringComparer.OrdinalIgnoreCase), seen);
        Assert.Empty(kept.Except(seen));
        Assert.Contains("h20a", seen);
        Assert.DoesNotContain("h00a", seen);
        Assert.DoesNotContain("h25", seen);
    }

    [Fact]
    public void Only_hosts_that_match_the_filters_fill_a_page()
    {
        var hosts = Enumerable.Range(0, 20).Select(i => HostRecords.Of($"h{i:D2}", i % 4 == 0 ? HostState.Down : HostState.Up)).ToList();

        var page = HostPageSelector.Select(hosts, Query(limit: 3) with { StateMask = 1 << (int)HostState.Down });

        Assert.Equal(["h00", "h04", "h08"], page.Hosts.Select(h => h.Name));
        Assert.True(page.More);
    }

    private List<string> Walk(IReadOnlyList<HostRecord> hosts, int limit, out int pages)
    {
        var names = new List<string>();
        string? after = null;
        pages = 0;
        HostPage page;
        do
        {
            page = HostPageSelector.Select(hosts, Query(limit, after));
            pages++;
            Assert.InRange(page.Hosts.Count, page.More ? limit : 0, limit);
            names.AddRange(page.Hosts.Select(h => h.Name));
            after = page.Hosts.Count > 0 ? page.Hosts[^1].Name : null;
        }
        while (page.More);
        return names;
    }

    private static HostListQuery Query(int limit, string? after = null) => new(limit, after, -1, -1, null);
}
