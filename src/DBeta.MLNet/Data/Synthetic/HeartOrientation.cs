namespace DBeta.MLNet;

/// <summary>
/// A patient's heart position: a turn in the frontal plane (electrical axis) followed by a turn about the vertical axis
/// (clockwise or counter-clockwise rotation, which moves the precordial transition), applied to every wave's dipole.
/// </summary>
internal readonly struct HeartOrientation
{
    private readonly double _m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22;

    /// <summary>
    /// <paramref name="frontalDegrees"/> turns left (X) toward inferior (Y): positive moves the axis to the right;
    /// <paramref name="horizontalDegrees"/> turns left (X) toward anterior (Z).
    /// </summary>
    public HeartOrientation(double frontalDegrees, double horizontalDegrees)
    {
        double a = frontalDegrees * Math.PI / 180.0, b = horizontalDegrees * Math.PI / 180.0;
        double ca = PortableMath.Cos(a), sa = PortableMath.Sin(a), cb = PortableMath.Cos(b), sb = PortableMath.Sin(b);
        // Rz(a): x' = ca x - sa y, y' = sa x + ca y; then Ry(b): x'' = cb x' - sb z, z'' = sb x' + cb z.
        _m00 = cb * ca; _m01 = -cb * sa; _m02 = -sb;
        _m10 = sa; _m11 = ca; _m12 = 0;
        _m20 = sb * ca; _m21 = -sb * sa; _m22 = cb;
    }

    /// <summary>The turned dipole.</summary>
    public Dipole Apply(Dipole d) => new(
        _m00 * d.X + _m01 * d.Y + _m02 * d.Z,
        _m10 * d.X + _m11 * d.Y + _m12 * d.Z,
        _m20 * d.X + _m21 * d.Y + _m22 * d.Z);
}
