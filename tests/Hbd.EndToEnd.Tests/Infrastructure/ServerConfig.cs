using System.Globalization;

namespace Hbd.EndToEnd.Tests.Infrastructure;

/// <summary>A config file for an hbd started outside <see cref="ServerProcess"/>: loopback, free ports, a given data_dir.</summary>
public sealed record ServerConfig(string Path, int HbPort, int HbdPort)
{
    public static ServerConfig Write(TestDirectory dir, string name, string dataDir, int? hbPort = null, int? hbdPort = null)
    {
        var hb = hbPort ?? FreePorts.Next();
        var hbd = hbdPort ?? FreePorts.Next();
        var path = dir.Write(name, string.Create(CultureInfo.InvariantCulture, $"""
            # written by the end-to-end tests
            listen: 127.0.0.1
            hb_port: {hb}
            hbd_port: {hbd}
            ws_port: {FreePorts.Next()}
            data_dir: "{dataDir}"

            """));
        return new ServerConfig(path, hb, hbd);
    }
}
