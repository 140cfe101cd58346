package org.sansim.sim;

class QuaternaryHeapTest extends EventQueueContract
{
    @Override
    EventQueue newQueue()
    {
        return new QuaternaryHeap(2);
    }
}
