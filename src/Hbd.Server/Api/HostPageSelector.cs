using Hbd.Server.Commits;

namespace Hbd.Server.Api;

/// <summary>One page of the host list.</summary>
/// <param name="Hosts">In name order, case-insensitively.</param>
/// <param name="More">Whether a host matching the query comes after the last one.</param>
public sealed record HostPage(IReadOnlyList<HostRecord> Hosts, bool More);

/// <summary>
/// Picks a page of the host list without sorting the registry: one pass keeps the smallest names after the cursor in
/// a max-heap of limit + 1 (the extra one says whether there is a next page), O(n log limit) time and O(limit) memory.
/// </summary>
public static class HostPageSelector
{
    private static readonly IComparer<string> Descending =
        Comparer<string>.Create(static (a, b) => StringComparer.OrdinalIgnoreCase.Compare(b, a));

    public static HostPage Select(IEnumerable<HostRecord> hosts, HostListQuery query)
    {
        var keep = query.Limit + 1;
        var heap = new PriorityQueue<HostRecord, string>(keep, Descending);
        foreach (var entry in hosts)
        {
            // Name checks first: they are cheap, and most hosts of a late page fail them.
            if (query.After is { } after && StringComparer.OrdinalIgnoreCase.Compare(entry.Name, after) <= 0)
                continue;
            if (heap.Count == keep && StringComparer.OrdinalIgnoreCase.Compare(entry.Name, heap.Peek().Name) >= 0)
                continue;
            if (!query.Matches(entry))
                continue;
            if (heap.Count < keep)
                heap.Enqueue(entry, entry.Name);
            else
                heap.DequeueEnqueue(entry, entry.Name);
        }
        var more = heap.Count == keep;
        if (more)
            heap.Dequeue();
        var page = new HostRecord[heap.Count];
        for (var i = page.Length - 1; i >= 0; i--)
            page[i] = heap.Dequeue();
        return new HostPage(page, more);
    }
}
