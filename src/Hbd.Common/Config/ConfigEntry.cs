namespace Hbd.Common.Config;

/// <summary>One entry of a configuration mapping: its key, the line the key is on, and its value.</summary>
public readonly record struct ConfigEntry(string Key, int Line, ConfigNode Value);
