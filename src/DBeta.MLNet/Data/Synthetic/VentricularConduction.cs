namespace DBeta.MLNet;

/// <summary>How the ventricles are activated, which sets the QRS and ST-T shape.</summary>
internal enum VentricularConduction
{
    /// <summary>Both bundle branches conduct: septal q, narrow QRS, concordant T.</summary>
    Normal,

    /// <summary>Right bundle branch block: normal early QRS, late slow rightward-anterior forces (rSR' in V1).</summary>
    RightBundleBranchBlock,

    /// <summary>Left bundle branch block: septum activated right-to-left, slow leftward-posterior QRS, discordant ST-T.</summary>
    LeftBundleBranchBlock,
}
