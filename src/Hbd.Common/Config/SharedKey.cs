namespace Hbd.Common.Config;

/// <summary>Reads the shared signing secret from <c>key</c> (UTF-8 text) or <c>key_file</c> (file contents, trimmed).</summary>
public static class SharedKey
{
    /// <summary>Largest key file accepted; a secret is a few dozen bytes, so anything big is the wrong file.</summary>
    public const int MaxKeyFileBytes = 64 * 1024;

    /// <summary>The secret configured in <paramref name="map"/>, or null when neither key is set.</summary>
    public static byte[]? FromConfig(ConfigNode map)
    {
        var key = map.GetString("key");
        var keyFile = map.GetPath("key_file");
        if (key is not null && keyFile is not null)
            throw map.ErrorAt("key_file", "set either 'key' or 'key_file', not both");
        if (key is not null)
            return FromText(key, map.Get("key")!);
        return keyFile is null ? null : ReadFile(keyFile, map.Get("key_file")!);
    }

    /// <summary>The UTF-8 bytes of a secret written in the file; an empty secret is an error.</summary>
    public static byte[] FromText(string secret, ConfigNode where)
    {
        if (secret.Length == 0)
            throw where.Error("the secret is empty");
        return System.Text.Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The contents of a key file with surrounding whitespace removed.</summary>
    public static byte[] ReadFile(string path, ConfigNode where)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxKeyFileBytes)
                throw where.Error($"key file '{path}' is larger than {MaxKeyFileBytes / 1024} KiB");
            bytes = File.ReadAllBytes(path);
        }
        catch (ConfigException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw where.Error($"cannot read key file '{path}': {e.Message}");
        }
        var trimmed = bytes.AsSpan().Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
            throw where.Error($"key file '{path}' is empty");
        return trimmed.ToArray();
    }
}
