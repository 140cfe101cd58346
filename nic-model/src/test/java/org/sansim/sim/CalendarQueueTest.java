package org.sansim.sim;

class CalendarQueueTest extends EventQueueContract
{
    @Override
    EventQueue newQueue()
    {
        return new CalendarQueue();
    }
}
