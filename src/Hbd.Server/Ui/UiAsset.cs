namespace Hbd.Server.Ui;

/// <summary>One file of the dashboard as served: its bytes, content type and a strong ETag over its content.</summary>
public sealed record UiAsset(ReadOnlyMemory<byte> Content, string ContentType, string ETag);
