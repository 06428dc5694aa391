namespace DBeta.MLNet;

/// <summary>
/// One Gaussian wave event of the dipole model (an ECGSYN wave made three-dimensional, as in Sameni et al. 2007):
/// the dipole <see cref="Direction"/> scaled by a Gaussian bump centred at <see cref="Center"/> seconds after the beat's
/// QRS onset, with separate widths before and after the peak so that T waves can rise slowly and fall fast.
/// </summary>
internal readonly record struct WaveEvent(double Center, double WidthBefore, double WidthAfter, Dipole Direction)
{
    /// <summary>A symmetric event.</summary>
    public WaveEvent(double center, double width, Dipole direction) : this(center, width, width, direction) { }

    /// <summary>The bump's value (0..1] at <paramref name="t"/> seconds after QRS onset.</summary>
    public double Shape(double t)
    {
        double u = (t - Center) / (t < Center ? WidthBefore : WidthAfter);
        return PortableMath.Exp(-0.5 * u * u);
    }
}
