namespace Hbd.Common;

/// <summary>Nagios-style rating of a value, a check or a whole host. Numeric values are the Nagios exit codes.</summary>
public enum AlertLevel : byte
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}
