using System.Diagnostics.CodeAnalysis;

namespace Hbd.Client.Linux;

/// <summary>The CPU's name as /proc/cpuinfo gives it.</summary>
internal sealed record CpuInfo(string Model);

/// <summary>
/// Finds the CPU model in /proc/cpuinfo. x86 has <c>model name</c>; 32-bit ARM names the core in <c>Processor</c>;
/// POWER uses <c>cpu</c>; arm64 gives only <c>CPU implementer</c>/<c>CPU part</c> numbers (named here for Arm's own
/// cores) and sometimes the SoC in <c>Hardware</c>. Never throws.
/// </summary>
internal static class CpuInfoParser
{
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out CpuInfo? info)
    {
        info = null;
        string? modelName = null, processor = null, power = null, hardware = null, implementer = null, part = null;
        foreach (var line in text.EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var value = line[(colon + 1)..].Trim();
            if (value.IsEmpty)
                continue;
            // Keys are case-sensitive: "processor" is the CPU's index, "Processor" the ARM core's name.
            switch (line[..colon].Trim())
            {
                case "model name": modelName ??= value.ToString(); break;
                case "Processor": processor ??= value.ToString(); break;
                case "cpu": power ??= value.ToString(); break;
                case "Hardware": hardware ??= value.ToString(); break;
                case "CPU implementer": implementer ??= value.ToString(); break;
                case "CPU part": part ??= value.ToString(); break;
            }
        }
        var armCore = implementer is "0x41" && part is not null ? ArmCoreName(part) : null;
        var rawPart = part is null ? null : $"CPU implementer {implementer ?? "?"} part {part}";
        var model = modelName ?? processor ?? power ?? armCore ?? hardware ?? rawPart;
        if (model is null)
            return false;
        info = new CpuInfo(model);
        return true;
    }

    // Arm Ltd. (implementer 0x41) part numbers, from Arm's technical reference manuals.
    private static string? ArmCoreName(string part) => part.ToUpperInvariant() switch
    {
        "0XC07" => "ARM Cortex-A7",
        "0XC09" => "ARM Cortex-A9",
        "0XC0F" => "ARM Cortex-A15",
        "0XD03" => "ARM Cortex-A53",
        "0XD04" => "ARM Cortex-A35",
        "0XD05" => "ARM Cortex-A55",
        "0XD07" => "ARM Cortex-A57",
        "0XD08" => "ARM Cortex-A72",
        "0XD09" => "ARM Cortex-A73",
        "0XD0A" => "ARM Cortex-A75",
        "0XD0B" => "ARM Cortex-A76",
        "0XD0C" => "ARM Neoverse-N1",
        "0XD0D" => "ARM Cortex-A77",
        "0XD40" => "ARM Neoverse-V1",
        "0XD41" => "ARM Cortex-A78",
        "0XD44" => "ARM Cortex-X1",
        "0XD46" => "ARM Cortex-A510",
        "0XD47" => "ARM Cortex-A710",
        "0XD48" => "ARM Cortex-X2",
        "0XD49" => "ARM Neoverse-N2",
        "0XD4F" => "ARM Neoverse-V2",
        _ => null,
    };
}
