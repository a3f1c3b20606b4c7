using Hbd.Server.Silences;

namespace Hbd.Server.Api;

/// <summary>A silence as the API shows it.</summary>
public sealed record SilenceView(long Id, IReadOnlyList<string> Hosts, DateTimeOffset Until, string? Comment, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static SilenceView Of(Silence silence) =>
        new(silence.Id, silence.Hosts, silence.Until, silence.Comment, silence.CreatedAt, silence.CreatedBy);
}
