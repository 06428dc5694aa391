namespace DBeta.MLNet;

/// <summary>
/// A cardiac dipole (or lead vector) in torso coordinates, in mV: X to the patient's left, Y inferior (to the feet),
/// Z anterior (to the front).
/// </summary>
internal readonly record struct Dipole(double X, double Y, double Z)
{
    public static Dipole operator +(Dipole a, Dipole b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Dipole operator -(Dipole a) => new(-a.X, -a.Y, -a.Z);

    public static Dipole operator *(double s, Dipole a) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>The voltage this dipole induces in a lead with lead vector <paramref name="lead"/>.</summary>
    public double Dot(Dipole lead) => X * lead.X + Y * lead.Y + Z * lead.Z;

    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);

    /// <summary>The same direction with unit length.</summary>
    public Dipole Normalized() => (1.0 / Length) * this;
}
