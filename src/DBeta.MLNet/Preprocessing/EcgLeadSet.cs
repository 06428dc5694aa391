namespace DBeta.MLNet;

/// <summary>
/// The lead sets of the PhysioNet/CinC Challenge 2021 ("Will Two Do?"), which D-BETA's reduced-lead experiment feeds to the
/// 12-lead encoder with every other lead set to zero. Values are the number of leads kept.
/// </summary>
public enum EcgLeadSet
{
    /// <summary>Leads I and II.</summary>
    Two = 2,

    /// <summary>Leads I, II and V2.</summary>
    Three = 3,

    /// <summary>Leads I, II, III and V2.</summary>
    Four = 4,

    /// <summary>The six limb leads: I, II, III, aVR, aVL, aVF.</summary>
    Six = 6,

    /// <summary>All twelve leads (nothing is zeroed).</summary>
    Twelve = 12,
}
