using System.Runtime.InteropServices;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>Reads the raw little-endian float32 references the fixture scripts write (<c>*.f32</c>).</summary>
internal static class RawFloats
{
    public static float[] Read(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
}
