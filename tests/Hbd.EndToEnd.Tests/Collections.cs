namespace Hbd.EndToEnd.Tests;

/// <summary>Tests that measure time: run alone, after the parallel ones, so a busy machine does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}

/// <summary>The README's quick start: fixed default ports and a Release build of the whole solution, so alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuickStartCollection
{
    public const string Name = "quick start";
}
