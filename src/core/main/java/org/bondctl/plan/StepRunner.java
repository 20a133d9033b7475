package org.bondctl.plan;

/** What runs each kind of {@link Step}: the {@link Executor}'s view of the kernel. */
interface StepRunner {
    void createBond(Step.CreateBond s);

    void deleteLink(Step.DeleteLink s);

    void setBondOptions(Step.SetBondOptions s);

    void setLinkUp(Step.SetLinkUp s);

    void enslave(Step.Enslave s);

    void release(Step.Release s);

    void setPortOptions(Step.SetPortOptions s);

    void setMtu(Step.SetMtu s);

    void createVlan(Step.CreateVlan s);

    void setVlanQos(Step.SetVlanQos s);

    void setMac(Step.SetMac s);

    void setIpv6Disabled(Step.SetIpv6Disabled s);

    void renameLink(Step.RenameLink s);

    /** The steps on addresses, routes and files. */
    AddressSteps addresses();

    void createBridge(Step.CreateBridge s);

    void setBridgeOptions(Step.SetBridgeOptions s);

    void joinBridge(Step.JoinBridge s);

    void leaveBridge(Step.LeaveBridge s);

    void setBridgePortOptions(Step.SetBridgePortOptions s);

    void setBridgeVlans(Step.SetBridgeVlans s);
}
