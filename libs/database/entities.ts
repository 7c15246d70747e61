import { Notification } from '../notifications/notification.entity';
import { Unit } from '../organization/unit.entity';
import { User } from '../organization/user.entity';
import { TaskEvent } from '../tasks/task-event.entity';
import { Task } from '../tasks/task.entity';

/** Every entity of the schema, shared by the Nest module and the migration data source. */
export const ENTITIES = [Unit, User, Task, TaskEvent, Notification];
