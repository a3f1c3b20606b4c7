namespace Hbd.Server.History;

/// <summary>
/// One metric name, shared by every host that sends it: blocks refer to series by <see cref="Id"/>, so the names are
/// stored once, not in every block.
/// </summary>
public sealed record HistorySeries(int Id, string Group, string Metric)
{
    /// <summary>The name the API uses: <c>GROUP.METRIC</c>, e.g. <c>disk:/var.used_pct</c>.</summary>
    public string Key => Group + "." + Metric;
}
