namespace Hbd.Server.History;

/// <summary>
/// The bytes of a <see cref="HistoryBlock"/>: a few hundred bytes for a typical host's minute of raw samples, a few
/// kilobytes for its hour of 1-minute points, instead of 4 bytes per value.
/// <list type="bullet">
/// <item>Envelope: version byte (1), flags byte (bit 0: Brotli), then the payload, or when that is smaller its length as
/// a varint and the payload Brotli-compressed.</item>
/// <item>Payload: interval ms (zigzag varint), time count, times as zigzag varints of the first time, the first delta and
/// then delta-of-delta (a steady interval costs a byte per time), series count.</item>
/// <item>Per series: varint <c>id &lt;&lt; 2 | presence</c> (0 all present, 1 some, 2 none); for "some" a bitmap of
/// (count + 7) / 8 bytes, least significant bit first; then the present values, one column for
/// <see cref="HistoryTier.Raw"/>, min, avg, max columns for the aggregated tiers.</item>
/// <item>A column: every value as mantissa × 10^-k with one k (−9…9) for the column, as the float32's shortest digits
/// when every value is a float32, and the mantissas' deltas as zigzag varints; a column that no such k reproduces bit
/// for bit is 8-byte doubles; a constant column holds its value once (see <see cref="ValueColumn"/>).</item>
/// <item>Averages are rounded (half away from zero) to one decimal more than the series' min and max columns have in
/// common: to 0.01 for one-decimal values, to 0.1 for whole numbers. A decoded avg is within half a unit of that decimal
/// of the true mean (plus half a float32 step when min and max are float32, as the avg is then narrowed like them) and
/// stays between its min and max. The digits a float32 would keep past that are noise that cost 2-3 bytes per avg; the
/// rounded avg delta-encodes like min and max. A column whose min and max have no common decimals keeps its avgs as
/// float32 (see <see cref="AverageColumn"/>). Min, max and raw values decode bit for bit.</item>
/// </list>
/// </summary>
public static class HistoryBlockCodec
{
    /// <summary>The format written; a reader refuses others, so the format can change with a new number.</summary>
    public const byte Version = 1;

    /// <summary>Series × times in one block: far beyond any host (40 series × 96 points is typical), low enough that a
    /// forged block cannot make the reader allocate more than a few tens of megabytes.</summary>
    public const int MaxCells = 1 << 20;

    private const byte BrotliFlag = 1;

    /// <summary>The payload of a block of <see cref="MaxCells"/> cells is well under this, so a larger length is forged.</summary>
    private const int MaxPayloadBytes = 64 << 20;

    public static byte[] Encode(HistoryTier tier, HistoryColumns block)
    {
        Validate(tier, block);
        var payload = new BlockBufferWriter(64 + (block.Times.Length * block.Series.Count * 3));
        BlockPayloadWriter.Write(payload, tier, block);
        return BlockCompression.Wrap(Version, BrotliFlag, payload.Written, BlockCompression.QualityFor(tier));
    }

    /// <summary>The block <paramref name="data"/> holds; anything malformed or truncated is an <see cref="InvalidDataException"/>.</summary>
    public static HistoryColumns Decode(HistoryTier tier, ReadOnlySpan<byte> data)
    {
        if (!Enum.IsDefined(tier))
            throw new ArgumentOutOfRangeException(nameof(tier));
        if (data.Length < 2)
            throw new InvalidDataException("History block: shorter than its two header bytes (truncated).");
        if (data[0] != Version)
            throw new InvalidDataException($"History block: format version {data[0]} is not {Version}.");
        var flags = data[1];
        if ((flags & ~BrotliFlag) != 0)
            throw new InvalidDataException($"History block: unknown flags 0x{flags:x2}.");
        var body = data[2..];
        if ((flags & BrotliFlag) == 0)
            return BlockPayloadReader.Read(tier, body);
        return BlockPayloadReader.Read(tier, BlockCompression.Unwrap(body, MaxPayloadBytes));
    }

    private static void Validate(HistoryTier tier, HistoryColumns block)
    {
        if (!Enum.IsDefined(tier))
            throw new ArgumentOutOfRangeException(nameof(tier));
        var times = block.Times;
        for (var i = 1; i < times.Length; i++)
        {
            if (times[i] <= times[i - 1])
                throw new ArgumentException($"Times must be strictly ascending; {times[i]} follows {times[i - 1]}.", nameof(block));
        }
        if ((long)times.Length * block.Series.Count > MaxCells)
            throw new ArgumentException($"A block holds at most {MaxCells} series × times.", nameof(block));
        foreach (var series in block.Series)
        {
            if (series.Min.Length != times.Length || series.Avg.Length != times.Length || series.Max.Length != times.Length)
                throw new ArgumentException($"Series {series.SeriesId} does not have one value per time.", nameof(block));
        }
    }
}
