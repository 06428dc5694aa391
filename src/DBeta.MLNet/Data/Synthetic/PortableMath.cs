namespace DBeta.MLNet;

/// <summary>
/// Exp, Log, Sin and Cos from IEEE basic operations only, so that synthetic ECGs are bit-identical on every
/// machine (System.Math defers to the platform's C library, whose last bits differ between systems).
/// Accurate to a few ulp over the ranges the generator uses (|x| below about 1e6 for Sin and Cos).
/// </summary>
internal static class PortableMath
{
    // ln 2 and pi/2 split so that k * Hi is exact for the k we meet (fdlibm's splits).
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Log2E = 1.44269504088896338700e+00;
    private const double PiO2Hi = 1.57079632673412561417e+00;
    private const double PiO2Mid = 6.07710050630396597660e-11;
    private const double PiO2Lo = 2.02226624879595063154e-21;
    private const double TwoOverPi = 6.36619772367581382433e-01;
    private const double Sqrt2 = 1.41421356237309504880;

    /// <summary>e^x.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < -745.2) return 0.0;
        if (x > 709.7) return double.PositiveInfinity;
        double k = Math.Round(x * Log2E);
        double r = (x - k * Ln2Hi) - k * Ln2Lo; // |r| <= ln2 / 2
        // Taylor series of e^r to degree 13: truncation below 1e-17 for |r| <= 0.35.
        double p = 1.0 / 6227020800.0;
        p = p * r + 1.0 / 479001600.0;
        p = p * r + 1.0 / 39916800.0;
        p = p * r + 1.0 / 3628800.0;
        p = p * r + 1.0 / 362880.0;
        p = p * r + 1.0 / 40320.0;
        p = p * r + 1.0 / 5040.0;
        p = p * r + 1.0 / 720.0;
        p = p * r + 1.0 / 120.0;
        p = p * r + 1.0 / 24.0;
        p = p * r + 1.0 / 6.0;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        return Math.ScaleB(p, (int)k);
    }

    /// <summary>Natural logarithm of a positive finite <paramref name="x"/>.</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsPositiveInfinity(x)) return x == 0 ? double.NegativeInfinity : double.NaN;
        int e = Math.ILogB(x);
        double m = Math.ScaleB(x, -e); // [1, 2)
        if (m > Sqrt2) { m *= 0.5; e++; }
        double s = (m - 1.0) / (m + 1.0); // |s| <= 0.1716
        double s2 = s * s;
        // log m = 2 atanh s = 2 (s + s^3/3 + ... + s^21/21).
        double q = 1.0 / 21.0;
        for (int n = 19; n >= 1; n -= 2) q = q * s2 + 1.0 / n;
        double logm = 2.0 * s * q;
        return e * Ln2Hi + (e * Ln2Lo + logm);
    }

    /// <summary>sin x.</summary>
    public static double Sin(double x)
    {
        (double r, long quadrant) = Reduce(x);
        return (quadrant & 3) switch
        {
            0 => SinKernel(r),
            1 => CosKernel(r),
            2 => -SinKernel(r),
            _ => -CosKernel(r),
        };
    }

    /// <summary>cos x.</summary>
    public static double Cos(double x)
    {
        (double r, long quadrant) = Reduce(x);
        return (quadrant & 3) switch
        {
            0 => CosKernel(r),
            1 => -SinKernel(r),
            2 => -CosKernel(r),
            _ => SinKernel(r),
        };
    }

    private static (double R, long Quadrant) Reduce(double x)
    {
        double k = Math.Round(x * TwoOverPi);
        double r = ((x - k * PiO2Hi) - k * PiO2Mid) - k * PiO2Lo; // |r| <= pi/4 (+ tiny)
        return (r, (long)k);
    }

    // Taylor series on |r| <= pi/4: truncation below 1e-19.
    private static double SinKernel(double r)
    {
        double r2 = r * r;
        double p = -1.0 / 355687428096000.0;      // -1/17!
        p = p * r2 + 1.0 / 1307674368000.0;       // 1/15!
        p = p * r2 - 1.0 / 6227020800.0;          // -1/13!
        p = p * r2 + 1.0 / 39916800.0;            // 1/11!
        p = p * r2 - 1.0 / 362880.0;              // -1/9!
        p = p * r2 + 1.0 / 5040.0;                // 1/7!
        p = p * r2 - 1.0 / 120.0;                 // -1/5!
        p = p * r2 + 1.0 / 6.0;                   // 1/3!
        return r - r * r2 * p;
    }

    private static double CosKernel(double r)
    {
        double r2 = r * r;
        double p = 1.0 / 6402373705728000.0;      // 1/18!
        p = p * r2 - 1.0 / 20922789888000.0;      // -1/16!
        p = p * r2 + 1.0 / 87178291200.0;         // 1/14!
        p = p * r2 - 1.0 / 479001600.0;           // -1/12!
        p = p * r2 + 1.0 / 3628800.0;             // 1/10!
        p = p * r2 - 1.0 / 40320.0;               // -1/8!
        p = p * r2 + 1.0 / 720.0;                 // 1/6!
        p = p * r2 - 1.0 / 24.0;                  // -1/4!
        p = p * r2 + 0.5;                         // 1/2!
        return 1.0 - r2 * p;
    }
}
