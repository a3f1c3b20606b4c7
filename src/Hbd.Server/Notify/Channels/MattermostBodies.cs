namespace Hbd.Server.Notify.Channels;

/// <summary>An incoming webhook's body: the text, posted as "hbd" (the hook's own icon stays: hbd has none to offer).</summary>
internal sealed record MattermostHookPost(string Text, string Username);

/// <summary>API v4's POST /api/v4/posts body: the channel's id and the message.</summary>
internal sealed record MattermostApiPost(string ChannelId, string Message);
