export { addNote, listNotes } from './notes';
export { registerTaskRoutes as registerRoutes } from './routes';
export { createTask, listTasks, updateTask } from './tasks';
// The API's request and response shapes (the web app's types).
export type { Note, NoteCreate, Task, TaskCreate, TaskKind, TaskUpdate, TaskView } from './schema';
export { erasePersonTasks } from './erase';
