using Hbd.Client.Linux;

namespace Hbd.Client.Plugins;

/// <summary>Mounted drives as .NET sees them outside Linux, in the shape of mountinfo lines (no device numbers, no options).</summary>
internal static class PortableDrives
{
    public static IReadOnlyList<MountInfo> Mounts()
    {
        var mounts = new List<MountInfo>();
        foreach (var drive in DriveInfo.GetDrives())
        {
            // An empty card reader or a vanished network drive is not ready; asking its format would throw.
            try
            {
                if (drive.IsReady)
                    mounts.Add(new MountInfo(0, 0, 0, 0, "/", drive.RootDirectory.FullName, "", drive.DriveFormat, drive.Name, ""));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
        return mounts;
    }
}
