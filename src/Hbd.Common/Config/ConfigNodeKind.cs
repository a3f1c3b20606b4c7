namespace Hbd.Common.Config;

/// <summary>What a configuration value is: absent or null (<c>~</c>), a scalar, a list or a mapping.</summary>
public enum ConfigNodeKind
{
    Null,
    Scalar,
    Sequence,
    Mapping,
}
